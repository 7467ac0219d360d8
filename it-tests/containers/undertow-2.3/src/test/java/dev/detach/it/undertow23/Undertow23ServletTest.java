package dev.detach.it.undertow23;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Undertow 2.3 servlet. */
class Undertow23ServletTest extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new UndertowServletServer();
  }
}
