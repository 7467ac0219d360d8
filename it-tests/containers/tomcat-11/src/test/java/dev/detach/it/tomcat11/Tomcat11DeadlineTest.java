package dev.detach.it.tomcat11;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.RequestDeadlineContract;

/** A configured request deadline on Tomcat 11.0; runs only in the "request-deadline" surefire execution. */
class Tomcat11DeadlineTest extends RequestDeadlineContract {
  @Override
  protected EmbeddedServer createServer() {
    return new TomcatServer();
  }
}
