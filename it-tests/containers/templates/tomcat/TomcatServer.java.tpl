package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
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
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** @SERVER_NAME@ embedded: the test servlets on the root context, the scope filter in front. */
final class TomcatServer implements EmbeddedServer {

  private Tomcat tomcat;
  private Connector connector;
  private Path base;

  @Override
  public String name() {
    return "@SERVER_NAME@";
  }

  @Override
  public void start() throws Exception {
    base = Files.createTempDirectory("detach-it-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
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
    for (Map.Entry<String, HttpServlet> e : TestServlets.byPath().entrySet()) {
      String servletName = e.getKey().substring(1);
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
