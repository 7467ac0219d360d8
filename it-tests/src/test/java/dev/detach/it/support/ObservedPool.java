package dev.detach.it.support;

import java.util.List;

/** A pool that checks its workers around every task. */
public interface ObservedPool {
  /** Scopes that were still current after a task's body returned. */
  List<String> violations();
}
