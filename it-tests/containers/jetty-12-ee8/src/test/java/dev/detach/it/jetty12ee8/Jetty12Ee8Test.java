package dev.detach.it.jetty12ee8;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 12 ee8. */
class Jetty12Ee8Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
