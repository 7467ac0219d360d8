package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import dev.detach.it.servlets.TestServlets;
import @SERVLET_API@.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * @SERVER_NAME@ embedded: the test servlets on the root context, the scope filter in front, BASIC
 * authentication by Tomcat's realm and authenticator valve for the secured paths.
 */
final class TomcatServer implements EmbeddedServer {

  private final boolean discardFacades;
  private Tomcat tomcat;
  private Connector connector;
  private Path base;

  TomcatServer() {
    this(true);
  }

  /**
   * @param discardFacades the connector's {@code discardFacades}: false makes Tomcat reuse a request's facade
   *     for later requests (the Tomcat 9 default before 9.0.90)
   */
  TomcatServer(boolean discardFacades) {
    this.discardFacades = discardFacades;
  }

  @Override
  public String name() {
    return "@SERVER_NAME@" + (discardFacades ? "" : " (discardFacades=false)");
  }

  @Override
  public void start() throws Exception {
    base = Files.createTempDirectory("detach-it-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setDiscardFacades(discardFacades);
    // Only the lines whose pom binds the JDK 25 run (jdk25.phase) set it.virtualThreads=true; elsewhere this
    // is skipped. setProperty answers false when the connector has no such property: fail rather than
    // quietly run on platform threads.
    if (virtualThreads()) {
      if (!connector.setProperty("useVirtualThreads", "true")) {
        throw new IllegalStateException("this Tomcat does not take useVirtualThreads");
      }
    }
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);

    Context ctx = tomcat.addContext("", base.toString());
    secure(ctx);
    for (Map.Entry<String, HttpServlet> e : TestServlets.byPath().entrySet()) {
      String servletName = TestServlets.name(e.getKey());
      Wrapper w = Tomcat.addServlet(ctx, servletName, e.getValue());
      w.setAsyncSupported(true);
      ctx.addServletMappingDecoded(e.getKey(), servletName);
    }
    FilterDef filter = new FilterDef();
    filter.setFilterName("scope");
    filter.setFilter(TestServlets.filter());
    filter.setAsyncSupported("true");
    ctx.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("scope");
    mapping.addURLPatternDecoded("/*");
    mapping.setDispatcher("REQUEST");
    ctx.addFilterMap(mapping);
    tomcat.start();
  }

  /** Tomcat's embedded realm knows the users; the secured paths need BASIC authentication and the role. */
  private void secure(Context ctx) {
    for (String user : Protocol.USERS) {
      tomcat.addUser(user, Protocol.password(user));
      tomcat.addRole(user, Protocol.ROLE);
    }
    ctx.setLoginConfig(new LoginConfig("BASIC", Protocol.REALM, null, null));
    ctx.addSecurityRole(Protocol.ROLE);
    SecurityCollection secured = new SecurityCollection();
    secured.addPatternDecoded(TestServlets.securedPattern());
    SecurityConstraint constraint = new SecurityConstraint();
    constraint.addAuthRole(Protocol.ROLE);
    constraint.addCollection(secured);
    ctx.addConstraint(constraint);
    // Without web.xml no ContextConfig adds the authenticator for the login config: add it here.
    ctx.getPipeline().addValve(new BasicAuthenticator());
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public Executor containerThreads() {
    return connector.getProtocolHandler().getExecutor();
  }

  @Override
  public void close() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (base != null) {
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory left behind is harmless
      }
    }
  }
}
