package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.OrdinaryReadsContract;

/** Ordinary reads on @SERVER_NAME@, recorded without the agent and compared with the agent at its defaults. */
class OrdinaryReadsTest extends OrdinaryReadsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new @SERVER_CLASS@();
  }
}
