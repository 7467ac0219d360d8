package dev.detach.it.tomcat11;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Tomcat 11.0. */
class Tomcat11RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
