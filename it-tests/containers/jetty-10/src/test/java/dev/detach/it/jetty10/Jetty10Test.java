package dev.detach.it.jetty10;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 10. */
class Jetty10Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
