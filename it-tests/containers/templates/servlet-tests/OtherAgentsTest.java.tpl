package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.OtherAgentsContract;

/** The OpenTelemetry and TTL agents beside Detach on @SERVER_NAME@ (the executions that attach them). */
class OtherAgentsTest extends OtherAgentsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new @SERVER_CLASS@();
  }
}
