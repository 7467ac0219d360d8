package dev.detach.it.jetty12ee9;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Jetty 12 ee9. */
class Jetty12Ee9RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyServer();
  }
}
