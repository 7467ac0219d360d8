package dev.detach.bench.server;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import java.net.InetSocketAddress;

/** The benchmark endpoints on embedded Undertow 2.3 (servlet deployment), with Undertow's defaults. */
public final class UndertowBenchServer {
  private UndertowBenchServer() {}

  public static void main(String[] args) throws Exception {
    BenchApplication.run("Undertow", args, (servlets, port) -> {
      DeploymentInfo deployment = Servlets.deployment()
          .setClassLoader(UndertowBenchServer.class.getClassLoader())
          .setContextPath("/")
          .setDeploymentName("bench");
      servlets.forEach((path, servlet) -> deployment.addServlet(
          Servlets.servlet(path, servlet.getClass(), new ImmediateInstanceFactory<>(servlet)).addMapping(path)));
      DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
      manager.deploy();
      Undertow undertow = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(manager.start()).build();
      undertow.start();
      return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    });
  }
}
