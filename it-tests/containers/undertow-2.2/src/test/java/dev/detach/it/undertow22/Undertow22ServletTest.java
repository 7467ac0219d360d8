package dev.detach.it.undertow22;

import dev.detach.it.containers.ContainerContract;
import dev.detach.it.containers.EmbeddedServer;

/** The container contract on Undertow 2.2 servlet. */
class Undertow22ServletTest extends ContainerContract {
  @Override
  protected EmbeddedServer createServer() {
    return new UndertowServletServer();
  }
}
