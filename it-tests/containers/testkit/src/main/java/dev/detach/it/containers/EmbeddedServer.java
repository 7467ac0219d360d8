package dev.detach.it.containers;

import java.util.concurrent.Executor;

/**
 * One container line, embedded: it maps the {@link Protocol} paths to its handlers, listens on
 * 127.0.0.1 on a free port, and says what the line can tell apart.
 */
public interface EmbeddedServer extends AutoCloseable {

  /** A name for messages and reports: "Tomcat 11.0", "Jetty 12 core". */
  String name();

  /** Starts listening on 127.0.0.1, port 0. With {@code -Dit.virtualThreads=true}, on virtual request threads. */
  void start() throws Exception;

  /** The port it listens on, once started. */
  int port();

  /** Stops it. */
  @Override
  void close() throws Exception;

  /**
   * The container's own request thread pool, to run probes on the threads that served requests:
   * Tomcat's connector executor, Jetty's server thread pool, Undertow's worker (and I/O threads).
   */
  Executor containerThreads();

  /** The async timeout is reported as such (DEADLINE_EXCEEDED); false: the test expects REQUEST_COMPLETED. */
  default boolean detectsAsyncTimeout() {
    return true;
  }

  /** A client that left is reported (CLIENT_DISCONNECTED); false: the test expects REQUEST_COMPLETED. */
  default boolean detectsClientDisconnect() {
    return true;
  }

  /** Same, when the failed writes come from a thread of the application's after starting async. */
  default boolean detectsClientDisconnectAsync() {
    return detectsClientDisconnect();
  }

  /**
   * The container notices a client that leaves while an async request is idle (no read or write
   * pending) and reports it before the application completes: the scope is then cancelled with
   * CLIENT_DISCONNECTED while the application still holds the request. False: the container learns it
   * only when the application writes; the test then accepts either cause once the application completes.
   */
  default boolean detectsIdleClientDisconnect() {
    return false;
  }

  /** The line has an async timeout (servlet {@code AsyncContext.setTimeout}); core handlers have none. */
  default boolean hasAsyncTimeout() {
    return true;
  }

  /** The line can dispatch a request again ({@code AsyncContext.dispatch()}, Undertow's {@code exchange.dispatch}). */
  default boolean hasRedispatch() {
    return true;
  }

  /** The line runs servlet filters around the handler (records {@link Protocol#PHASE_FILTER}). */
  default boolean hasFilters() {
    return true;
  }

  /** Whether this run uses virtual request threads (the JDK 25 runs of the lines that have them). */
  default boolean virtualThreads() {
    return Protocol.virtualThreadsRequested();
  }
}
