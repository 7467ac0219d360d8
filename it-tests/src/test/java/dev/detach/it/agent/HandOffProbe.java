package dev.detach.it.agent;

import dev.detach.RequestScope;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An application's main for start-up tests: hands a task off from a scoped thread and prints what the
 * task saw, {@code APP RAN id=<value or null>}. With the agent off the id is null.
 */
public final class HandOffProbe {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("wait-for-attach")) {
      // Started without the agent, and without touching the API yet (see Premain.agentmain); the test
      // attaches the agent, then tells us to go on through stdin.
      System.out.println("READY " + ProcessHandle.current().pid());
      System.out.flush();
      System.in.read();
    }
    Application.handOff();
  }

  private static final class Application {
    static final RequestScope.Key<String> ID = RequestScope.key("id");

    static void handOff() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (RequestScope.Attachment ignored = RequestScope.ROOT.withValue(ID, "r-42").withCancellation().attach()) {
        String seen = pool.submit(() -> RequestScope.current().get(ID)).get(10, TimeUnit.SECONDS);
        System.out.println("APP RAN id=" + seen);
      } finally {
        pool.shutdown();
      }
    }
  }

  private HandOffProbe() {}
}
