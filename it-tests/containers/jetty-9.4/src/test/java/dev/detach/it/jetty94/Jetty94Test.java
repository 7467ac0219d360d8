package dev.detach.it.jetty94;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 9.4. */
class Jetty94Test extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
