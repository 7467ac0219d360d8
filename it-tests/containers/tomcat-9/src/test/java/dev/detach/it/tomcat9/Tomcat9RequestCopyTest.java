package dev.detach.it.tomcat9;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Tomcat 9.0. */
class Tomcat9RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
