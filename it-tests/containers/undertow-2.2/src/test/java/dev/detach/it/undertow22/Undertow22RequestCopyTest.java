package dev.detach.it.undertow22;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Undertow 2.2 servlet. */
class Undertow22RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new UndertowServletServer();
  }
}
