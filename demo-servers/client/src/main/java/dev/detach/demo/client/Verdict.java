package dev.detach.demo.client;

import dev.detach.demo.client.Burst.SentOrder;
import dev.detach.demo.client.Evidence.AuditRow;
import dev.detach.demo.client.Evidence.Outcome;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run's background work did, judged against what each request sent: every value the shop's
 * background work reads (user, tenant, item, request id) belongs to exactly one request.
 */
public final class Verdict {

  /** The background jobs the shop starts per order: one on its pool, one through CompletableFuture. */
  public static final int JOBS_PER_ORDER = 2;

  /** How a background task ended. */
  enum Task {
    /** Finished, and everything it read and logged was its own request's. */
    CORRECT,
    /** Threw. */
    FAILED,
    /** Finished, but read or logged a value of another request. */
    OTHER_REQUEST,
    /** Finished with values missing (null, a default, no request id in the MDC). */
    MISSING,
    /** Did not end within the wait. */
    UNFINISHED
  }

  private final int requests;
  private final int answered;
  private final int tasks;
  private final Map<Task, Integer> taskCounts = new LinkedHashMap<>();
  private final Map<String, Integer> errors = new LinkedHashMap<>();
  private final Map<String, Integer> missing = new LinkedHashMap<>();
  private final int logLinesWithRequestId;
  private final int auditRowsWritten;
  private final int auditRowsCorrect;
  private final int auditRowsOtherRequest;
  private final Values values;

  private Verdict(List<SentOrder> orders, Evidence evidence) {
    values = new Values(orders);
    requests = orders.size();
    answered = values.byOrderId.size();
    tasks = answered * JOBS_PER_ORDER;
    for (Task t : Task.values()) {
      taskCounts.put(t, 0);
    }
    Map<String, AuditRow> rowByJob = new HashMap<>();
    for (AuditRow row : evidence.auditRows()) {
      rowByJob.put(row.orderId() + "/" + row.action(), row);
    }
    int ended = 0;
    int withRequestId = 0;
    for (Outcome outcome : evidence.outcomes()) {
      SentOrder order = values.byOrderId.get(outcome.orderId());
      if (order == null) {
        continue;
      }
      ended++;
      if (order.requestId().equals(outcome.requestId())) {
        withRequestId++;
      }
      AuditRow row = rowByJob.get(outcome.orderId() + "/" + outcome.job());
      Task task = judge(order, outcome, row);
      taskCounts.merge(task, 1, Integer::sum);
      if (task == Task.FAILED) {
        errors.merge(errorKind(outcome.error()), 1, Integer::sum);
      } else if (task == Task.MISSING) {
        countMissing(order, outcome, row);
      }
    }
    taskCounts.merge(Task.UNFINISHED, Math.max(0, tasks - ended), Integer::sum);
    logLinesWithRequestId = withRequestId;
    auditRowsWritten = countRows(evidence.auditRows());
    auditRowsCorrect = (int) evidence.auditRows().stream().filter(this::isCorrect).count();
    auditRowsOtherRequest = (int) evidence.auditRows().stream().filter(this::hasOtherRequestsData).count();
  }

  /** Judges the background work of {@code orders} by {@code evidence}. */
  static Verdict of(List<SentOrder> orders, Evidence evidence) {
    return new Verdict(orders, evidence);
  }

  private Task judge(SentOrder order, Outcome outcome, AuditRow row) {
    if (outcome.failed()) {
      return Task.FAILED;
    }
    if (row == null) {
      return values.isOthers(outcome.requestId(), order) ? Task.OTHER_REQUEST : Task.MISSING;
    }
    if (hasOtherRequestsData(row) || values.isOthers(outcome.requestId(), order)) {
      return Task.OTHER_REQUEST;
    }
    return isCorrect(row) && order.requestId().equals(outcome.requestId()) ? Task.CORRECT : Task.MISSING;
  }

  private void countMissing(SentOrder order, Outcome outcome, AuditRow row) {
    Map<String, Boolean> own = new LinkedHashMap<>();
    own.put("the request id in the log line (MDC)", order.requestId().equals(outcome.requestId()));
    own.put("the audit row", row != null);
    if (row != null) {
      own.put("the user", order.user().equals(row.user()));
      own.put("the tenant", order.tenant().equals(row.tenant()));
      own.put("the item", order.item().equals(row.item()));
      own.put("the request id in the audit row (MDC)", order.requestId().equals(row.requestId()));
    }
    own.forEach((what, present) -> {
      if (!present) {
        missing.merge(what, 1, Integer::sum);
      }
    });
  }

  /** Whether {@code row} is an audit row of one of the orders, with that order's values. */
  public boolean isCorrect(AuditRow row) {
    SentOrder order = values.byOrderId.get(row.orderId());
    return order != null && order.user().equals(row.user()) && order.tenant().equals(row.tenant())
        && order.item().equals(row.item()) && order.requestId().equals(row.requestId());
  }

  private boolean hasOtherRequestsData(AuditRow row) {
    SentOrder order = values.byOrderId.get(row.orderId());
    return order != null && (values.isOthers(row.user(), order) || values.isOthers(row.tenant(), order)
        || values.isOthers(row.item(), order) || values.isOthers(row.requestId(), order));
  }

  private int countRows(Collection<AuditRow> rows) {
    return (int) rows.stream().filter(r -> values.byOrderId.containsKey(r.orderId())).count();
  }

  private static String errorKind(String error) {
    if (error == null) {
      return "(no exception)";
    }
    return error.length() > 200 ? error.substring(0, 200) + "..." : error;
  }

  /** Every request answered, every background task correct, every audit row written and correct. */
  public boolean allCorrect() {
    return requests > 0 && answered == requests && count(Task.CORRECT) == tasks && logLinesWithRequestId == tasks
        && auditRowsWritten == tasks && auditRowsCorrect == tasks;
  }

  int requests() {
    return requests;
  }

  int answered() {
    return answered;
  }

  /** Background tasks started: {@link #JOBS_PER_ORDER} per answered request. */
  public int tasks() {
    return tasks;
  }

  /** Background tasks that ended as {@code task}. */
  int count(Task task) {
    return taskCounts.get(task);
  }

  /** Background tasks that finished with their own request's values throughout. */
  public int correctTasks() {
    return count(Task.CORRECT);
  }

  /** Background tasks that threw. */
  public int failedTasks() {
    return count(Task.FAILED);
  }

  /** Background tasks that read or logged another request's values. */
  public int tasksWithOtherRequestsData() {
    return count(Task.OTHER_REQUEST);
  }

  /** The errors background tasks failed with, each with how many failed so, in the order first seen. */
  public Map<String, Integer> errors() {
    return Collections.unmodifiableMap(errors);
  }

  /** For the tasks that finished with data missing: what was missing, and in how many. */
  Map<String, Integer> missing() {
    return Collections.unmodifiableMap(missing);
  }

  int logLinesWithRequestId() {
    return logLinesWithRequestId;
  }

  public int auditRowsWritten() {
    return auditRowsWritten;
  }

  public int auditRowsCorrect() {
    return auditRowsCorrect;
  }

  int auditRowsOtherRequest() {
    return auditRowsOtherRequest;
  }

  @Override
  public String toString() {
    return answered + "/" + requests + " requests answered; background tasks of " + tasks + ": " + taskCounts
        + "; log lines with their request id " + logLinesWithRequestId + "; audit rows written " + auditRowsWritten
        + ", correct " + auditRowsCorrect + ", with another request's data " + auditRowsOtherRequest + "; errors "
        + errors;
  }

  /** Which request each value belongs to. */
  private static final class Values {
    final Map<String, SentOrder> byOrderId = new HashMap<>();
    final Map<String, SentOrder> byValue = new HashMap<>();

    Values(List<SentOrder> orders) {
      for (SentOrder o : orders) {
        if (o.orderId() != null) {
          byOrderId.put(o.orderId(), o);
        }
        for (String v : List.of(o.requestId(), o.user(), o.tenant(), o.item())) {
          byValue.put(v, o);
        }
      }
    }

    /** Whether {@code value} was sent by another request than {@code own}. */
    boolean isOthers(String value, SentOrder own) {
      SentOrder owner = value == null ? null : byValue.get(value);
      return owner != null && owner.index() != own.index();
    }
  }
}
