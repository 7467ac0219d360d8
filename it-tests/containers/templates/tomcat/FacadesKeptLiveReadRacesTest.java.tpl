package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.LiveReadRacesContract;

/** Detached reads next to a half-made lazy parse on @SERVER_NAME@ with {@code discardFacades=false}. */
class FacadesKeptLiveReadRacesTest extends LiveReadRacesContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer(false);
  }
}
