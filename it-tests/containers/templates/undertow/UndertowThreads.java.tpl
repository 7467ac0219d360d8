package @PACKAGE@;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.XnioWorker;

/** Undertow's request threads: the XNIO worker's task threads and its I/O threads, taken in turn. */
final class UndertowThreads {

  private UndertowThreads() {}

  static Executor of(XnioWorker worker) {
    AtomicInteger turn = new AtomicInteger();
    return task -> {
      int n = turn.getAndIncrement();
      int io = worker.getIoThreadCount();
      if (n % 2 == 0 || io == 0) {
        worker.execute(task);
      } else {
        worker.getIoThread((n / 2) % io).execute(task);
      }
    };
  }
}
