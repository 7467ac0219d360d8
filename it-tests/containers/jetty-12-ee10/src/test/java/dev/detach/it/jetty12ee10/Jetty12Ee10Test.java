package dev.detach.it.jetty12ee10;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 12 ee10. */
class Jetty12Ee10Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
