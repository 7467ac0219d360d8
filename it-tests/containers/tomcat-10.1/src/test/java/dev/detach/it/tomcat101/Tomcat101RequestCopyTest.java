package dev.detach.it.tomcat101;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyContract;

/** The request copy on Tomcat 10.1. */
class Tomcat101RequestCopyTest extends RequestCopyContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
