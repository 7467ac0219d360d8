package dev.detach.demo.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Work that runs after the response: nobody waits for it, so it logs how it ended and never throws. */
public final class BackgroundJobs {

  private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

  private BackgroundJobs() {}

  /** {@code work} for order {@code orderId}, logging {@code "order {}: {} done"} or {@code "... failed"}. */
  public static Runnable job(String orderId, String name, Runnable work) {
    return () -> {
      try {
        work.run();
        log.info("order {}: {} done", orderId, name);
      } catch (RuntimeException e) {
        log.error("order {}: {} failed", orderId, name, e);
      }
    };
  }
}
