package dev.detach.it.undertow23;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.DetachedReadsContract;

/** Detached tasks read the {@code HttpServerExchange} they captured, on Undertow 2.3 core handlers. */
class Undertow23CoreDetachedReadsTest extends DetachedReadsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new UndertowCoreServer();
  }

  /**
   * Measured without the agent (JDK 17 platform threads and JDK 25 virtual request threads): 200 of 200 reads
   * own for every hand-off. Undertow makes a new exchange per request and clears nothing a core handler reads
   * (headers, query parameters, attachments, cookies, the security context): there is no failure to fix, and
   * both runs assert that the agent keeps it so.
   */
  @Override
  protected boolean failsWithoutTheAgent() {
    return false;
  }
}
