package dev.detach.it.jetty12core;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Jetty 12 core handlers. */
class Jetty12CoreTest extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyCoreServer();
  }
}
