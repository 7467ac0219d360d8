package dev.detach.it.jetty12ee8;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Jetty 12 ee8. */
class Jetty12Ee8RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
