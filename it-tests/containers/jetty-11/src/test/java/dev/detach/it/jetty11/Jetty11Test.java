package dev.detach.it.jetty11;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 11. */
class Jetty11Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
