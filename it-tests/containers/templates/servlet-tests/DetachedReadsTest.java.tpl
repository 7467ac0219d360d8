package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.ServletDetachedReadsContract;

/** The detached-reads scenarios on @SERVER_NAME@; the no-agent execution runs them as the control. */
class DetachedReadsTest extends ServletDetachedReadsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new @SERVER_CLASS@();
  }
}
