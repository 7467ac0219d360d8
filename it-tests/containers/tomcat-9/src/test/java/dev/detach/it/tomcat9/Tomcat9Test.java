package dev.detach.it.tomcat9;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Tomcat 9.0. */
class Tomcat9Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
