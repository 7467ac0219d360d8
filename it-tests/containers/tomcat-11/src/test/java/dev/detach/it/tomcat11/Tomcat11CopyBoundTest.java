package dev.detach.it.tomcat11;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestCopyBoundContract;

/** The request copy's bound on Tomcat 11.0 (its own JVM, request.copy.max-bytes=4k: see the pom). */
class Tomcat11CopyBoundTest extends RequestCopyBoundContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
