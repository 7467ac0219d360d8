package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import dev.detach.it.servlets.TestServlets;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.WebResourceCollection;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import @SERVLET_API@.servlet.DispatcherType;
import @SERVLET_API@.servlet.Filter;
import @SERVLET_API@.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * @SERVER_NAME@ embedded: the test servlets on the root context, the scope filter in front, BASIC
 * authentication (the deployment's LoginConfig and an IdentityManager) for the secured paths. With virtual
 * threads requested, the deployment's executor runs the requests on virtual threads.
 */
final class UndertowServletServer implements EmbeddedServer {

  private Undertow undertow;
  private DeploymentManager manager;

  @Override
  public String name() {
    return "@SERVER_NAME@";
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void start() throws Exception {
    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(UndertowServletServer.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("detach-it")
        .setIdentityManager(new UndertowUsers())
        .setLoginConfig(new LoginConfig("BASIC", Protocol.REALM))
        .addSecurityRole(Protocol.ROLE)
        .addSecurityConstraint(new SecurityConstraint()
            .addWebResourceCollection(new WebResourceCollection().addUrlPattern(TestServlets.securedPattern()))
            .addRoleAllowed(Protocol.ROLE));
    for (Map.Entry<String, HttpServlet> e : TestServlets.byPath().entrySet()) {
      HttpServlet servlet = e.getValue();
      deployment.addServlet(Servlets.servlet(TestServlets.name(e.getKey()), (Class) servlet.getClass(),
              new ImmediateInstanceFactory<>(servlet))
          .addMapping(e.getKey())
          .setAsyncSupported(true));
    }
    Filter filter = TestServlets.filter();
    deployment.addFilter(Servlets.filter("scope", (Class) filter.getClass(), new ImmediateInstanceFactory<>(filter))
        .setAsyncSupported(true));
    deployment.addFilterUrlMapping("scope", "/*", DispatcherType.REQUEST);
    if (virtualThreads()) {
      deployment.setExecutor(Protocol.newVirtualThreadPerTaskExecutor());
    }
    manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    HttpHandler handler = manager.start();
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
    undertow.start();
  }

  @Override
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public Executor containerThreads() {
    return UndertowThreads.of(undertow.getWorker());
  }

  @Override
  public void close() throws Exception {
    if (undertow != null) {
      undertow.stop();
    }
    if (manager != null) {
      manager.stop();
      manager.undeploy();
    }
  }
}
