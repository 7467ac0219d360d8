package dev.detach.it.jetty12core;

import dev.detach.it.containers.DetachedReadsContract;
import dev.detach.it.containers.EmbeddedServer;

/**
 * Detached tasks read the core {@code Request} they captured, on Jetty 12 core handlers.
 *
 * <p>A core request object is not reused: its headers, query, attributes and principal stay its own after
 * completion, with or without the agent. Cookies do not: {@code Request.getCookies(request)} parses into a
 * cache the connection shares with its later requests, and after completion throws
 * {@code IllegalStateException: channel already completed}. The control (no agent) shows that failure; with
 * the agent a detached task gets the cookies of its own request's headers.
 */
class Jetty12CoreDetachedReadsTest extends DetachedReadsContract {
  @Override
  protected EmbeddedServer createServer() {
    return new JettyCoreServer();
  }
}
