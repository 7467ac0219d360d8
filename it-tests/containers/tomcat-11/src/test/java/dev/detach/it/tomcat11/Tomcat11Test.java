package dev.detach.it.tomcat11;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Tomcat 11.0. */
class Tomcat11Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
