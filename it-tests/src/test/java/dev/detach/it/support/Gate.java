package dev.detach.it.support;

import java.util.concurrent.CountDownLatch;

/** A one-way gate that tasks wait at (bounded) until the test opens it. */
public final class Gate {
  private final String name;
  private final CountDownLatch open = new CountDownLatch(1);

  public Gate(String name) {
    this.name = name;
  }

  public void open() {
    open.countDown();
  }

  public boolean isOpen() {
    return open.getCount() == 0;
  }

  /** Waits until the gate opens; fails (in the waiting thread) when it does not in time. */
  public void pass() {
    Bounded.await(open, "gate '" + name + "' to open");
  }

  @Override
  public String toString() {
    return "Gate{" + name + (isOpen() ? ", open" : ", closed") + '}';
  }
}
