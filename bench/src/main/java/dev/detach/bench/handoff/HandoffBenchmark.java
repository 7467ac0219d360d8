package dev.detach.bench.handoff;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One hand-off plus run: the submitting thread hands {@value #BATCH} small tasks to the executor and waits
 * until all ran; the score is the time per task. The fan-out kinds hand off their {@value #BATCH} tasks as a
 * request fanning out would ({@code allOf}, a {@code thenCombine} chain): their dependent stages are in the score. A batch amortises waking the workers (microseconds, and the
 * noisiest part) so that what an agent adds per hand-off and per run stays visible.
 *
 * <p>The agent is whatever the fork's JVM was started with (scripts/bench); {@code -Dbench.context} says
 * what is current on the submitting thread meanwhile (see {@link RequestContext}). Every task is a new object,
 * as a lambda capturing request data is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandoffBenchmark {

  static final int BATCH = 100;

  @Param({"THREAD_POOL", "FORK_JOIN", "SUPPLY_ASYNC", "FAN_OUT_ALL_OF", "THEN_COMBINE_CHAIN"})
  public ExecutorKind executor;

  private ExecutorKind.Handoff handoff;
  private RequestContext context;

  @Setup(Level.Trial)
  public void start() {
    handoff = executor.open();
    context = RequestContext.fromSystemProperty();
  }

  /** Per iteration, on the benchmark thread: JMH may run iterations on different threads. */
  @Setup(Level.Iteration)
  public void openContext() {
    context.open();
  }

  @TearDown(Level.Iteration)
  public void closeContext() {
    context.close();
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    handoff.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void handOffAndRun(ProcessCpu cpu) throws InterruptedException {
    long start = cpu.now();
    handoff.runBatch(BATCH);
    cpu.add(start, BATCH);
  }

  /**
   * CPU time of the whole benchmark JVM (submitter, workers, GC, the agents' own threads) per task: on a
   * shared machine it moves less than wall-clock time, since time spent waiting for a core is not in it.
   * Reported as {@code cpuNanos} and {@code tasks}, summed per iteration; scripts/bench divides.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public long cpuNanos;
    public long tasks;

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      tasks = 0;
    }

    long now() {
      return OS.getProcessCpuTime();
    }

    void add(long start, int n) {
      cpuNanos += OS.getProcessCpuTime() - start;
      tasks += n;
    }
  }

  static final class Task implements Runnable {
    private final CountDownLatch done;

    Task(CountDownLatch done) {
      this.done = done;
    }

    @Override
    public void run() {
      done.countDown();
    }
  }
}
