package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.ServletDetachedReadsContract;

/**
 * The detached-reads scenarios on @SERVER_NAME@ with {@code discardFacades=false}: Tomcat hands a completed
 * request's facade to later requests, so a detached task can read another request's data without the agent.
 */
class FacadesKeptDetachedReadsTest extends ServletDetachedReadsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer(false);
  }
}
