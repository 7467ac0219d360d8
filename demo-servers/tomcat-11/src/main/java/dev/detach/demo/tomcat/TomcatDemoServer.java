package dev.detach.demo.tomcat;

import dev.detach.demo.server.DemoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The shop on embedded Tomcat, with Tomcat's defaults. */
public final class TomcatDemoServer {

  private TomcatDemoServer() {}

  public static void main(String[] args) throws Exception {
    DemoServer.run(ServerInfo.getServerInfo().replace("Apache Tomcat/", "Tomcat "), args, TomcatDemoServer::start);
  }

  private static DemoServer.Running start(DemoServer.Application application, int port) throws Exception {
    Path base = Files.createTempDirectory("detach-demo-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", base.toString());
    application.servlets().forEach((path, servlet) -> {
      Tomcat.addServlet(context, path, servlet);
      context.addServletMapping(path, path);
    });
    FilterDef filter = new FilterDef();
    filter.setFilterName("requestContext");
    filter.setFilter(application.filter());
    context.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("requestContext");
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
    tomcat.start();

    return new DemoServer.Running(connector.getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }
}
