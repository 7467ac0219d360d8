package dev.detach.it.undertow23;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Undertow 2.3 servlet. */
class Undertow23RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new UndertowServletServer();
  }
}
