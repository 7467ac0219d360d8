package dev.detach.it.tomcat101;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Tomcat 10.1. */
class Tomcat101Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
