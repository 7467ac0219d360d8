package dev.detach.demo.undertow;

import dev.detach.demo.server.DemoServer;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;

/** The shop on embedded Undertow (servlet deployment), with Undertow's defaults. */
public final class UndertowDemoServer {

  private UndertowDemoServer() {}

  public static void main(String[] args) throws Exception {
    DemoServer.run("Undertow " + Version.getVersionString(), args, UndertowDemoServer::start);
  }

  private static DemoServer.Running start(DemoServer.Application application, int port) throws Exception {
    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(UndertowDemoServer.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("shop");
    application.servlets().forEach((path, servlet) -> deployment.addServlet(
        Servlets.servlet(path, servlet.getClass(), new ImmediateInstanceFactory<>(servlet)).addMapping(path)));
    Filter filter = application.filter();
    deployment.addFilter(Servlets.filter("requestContext", filter.getClass(), new ImmediateInstanceFactory<>(filter)));
    deployment.addFilterUrlMapping("requestContext", "/*", DispatcherType.REQUEST);
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    Undertow undertow = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(manager.start()).build();
    undertow.start();

    int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return new DemoServer.Running(bound, () -> {
      undertow.stop();
      manager.stop();
      manager.undeploy();
    });
  }
}
