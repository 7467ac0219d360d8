package dev.detach.it.jetty12ee11;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Jetty 12.1 ee11. */
class Jetty12Ee11RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
