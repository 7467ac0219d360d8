package dev.detach.it.handoff;

import java.util.concurrent.RecursiveAction;

/** A fork/join task that runs a runnable. */
final class TaskAction extends RecursiveAction {
  private static final long serialVersionUID = 1L;
  private final transient Runnable task;

  TaskAction(Runnable task) {
    this.task = task;
  }

  @Override
  protected void compute() {
    task.run();
  }

  @Override
  public String toString() {
    return "TaskAction[" + task + "]";
  }
}
