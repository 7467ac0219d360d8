package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.LiveReadRacesContract;

/** Detached reads next to a half-made lazy parse on @SERVER_NAME@ (agent runs only). */
class LiveReadRacesTest extends LiveReadRacesContract {
  @Override
  protected EmbeddedServer createServer() {
    return new @SERVER_CLASS@();
  }
}
