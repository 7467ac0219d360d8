package dev.detach.demo.evidence;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.detach.demo.shop.RequestContextFilter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Logback appender that keeps the line each background job ends with ({@code "order {}: {} done"} or
 * {@code "... failed"}, see {@code BackgroundJobs}) as the logging system saw it: with the request id the
 * line's MDC carried. logback.xml attaches it to the {@code BackgroundJobs} logger.
 */
public final class OutcomeLog extends AppenderBase<ILoggingEvent> {

  /** One job's last line: the order and the job from its arguments, the MDC's request id, the error if any. */
  public record Outcome(String orderId, String job, boolean failed, String requestId, String error) {}

  private static final ConcurrentLinkedQueue<Outcome> OUTCOMES = new ConcurrentLinkedQueue<>();

  /** The lines kept so far. */
  public static List<Outcome> outcomes() {
    return List.copyOf(OUTCOMES);
  }

  @Override
  protected void append(ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray();
    if (arguments == null || arguments.length < 2) {
      return;
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    String error = thrown == null ? null : thrown.getClassName() + ": " + thrown.getMessage();
    OUTCOMES.add(new Outcome(String.valueOf(arguments[0]), String.valueOf(arguments[1]),
        event.getLevel().isGreaterOrEqual(Level.ERROR), event.getMDCPropertyMap().get(RequestContextFilter.REQUEST_ID),
        error));
  }
}
