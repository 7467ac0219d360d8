package dev.detach.demo.client;

import dev.detach.demo.client.DemoRun.Report;
import dev.detach.demo.client.Verdict.Task;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One container's table: the run without the agent beside the run with it. */
final class DemoTable {

  private static final String ROW = "  %-52s %15s %15s%n";

  private DemoTable() {}

  static void print(PrintStream out, Report without, Report with, DemoRun.Settings settings) {
    String container = with.verdict() != null ? with.container() : without.container();
    out.printf("%n%s: %d requests, %d at a time; each leaves %d background tasks (a thread pool, CompletableFuture)%n",
        container, settings.requests(), settings.concurrency(), Verdict.JOBS_PER_ORDER);
    out.printf(ROW, "", "without agent", "with agent");
    Duration wait = settings.backgroundWait();
    row(out, without, with, "requests answered", v -> v.answered() + "/" + v.requests());
    row(out, without, with, "background tasks that succeeded (own request's data)", v -> tasks(v, Task.CORRECT));
    row(out, without, with, "                  that failed", v -> tasks(v, Task.FAILED));
    row(out, without, with, "                  that saw another request's data", v -> tasks(v, Task.OTHER_REQUEST));
    row(out, without, with, "                  that finished with data missing", v -> tasks(v, Task.MISSING));
    row(out, without, with, "                  that did not end within " + wait.toSeconds() + " s",
        v -> tasks(v, Task.UNFINISHED));
    row(out, without, with, "background log lines with their request id (MDC)",
        v -> v.logLinesWithRequestId() + "/" + v.tasks());
    row(out, without, with, "audit rows written", v -> v.auditRowsWritten() + "/" + v.tasks());
    row(out, without, with, "           correct", v -> v.auditRowsCorrect() + "/" + v.tasks());
    row(out, without, with, "           with another request's data", v -> v.auditRowsOtherRequest() + "/" + v.tasks());
    details(out, "without agent", without);
    details(out, "with agent", with);
    out.printf("  verdict: %s%n", with.allCorrect()
        ? "with the agent every background task and every audit row had its own request's data"
        : "NOT fully correct with the agent");
    out.println();
  }

  private static String tasks(Verdict v, Task task) {
    return v.count(task) + "/" + v.tasks();
  }

  private static void row(PrintStream out, Report without, Report with, String label, Function<Verdict, String> cell) {
    out.printf(ROW, label, cell(without, cell), cell(with, cell));
  }

  private static String cell(Report report, Function<Verdict, String> cell) {
    return report.verdict() == null ? "(no run)" : cell.apply(report.verdict());
  }

  private static void details(PrintStream out, String label, Report report) {
    out.printf("  %s:%n", label);
    if (report.failure() != null) {
      out.printf("    the run went wrong: %s%n", indent(report.failure()));
      return;
    }
    Map<String, Integer> errors = report.verdict().errors();
    if (errors.isEmpty()) {
      out.printf("    errors: none%n");
    }
    int shown = 0;
    for (Map.Entry<String, Integer> e : errors.entrySet()) {
      if (shown++ == 5) {
        out.printf("    ... and %d other kinds of error%n", errors.size() - 5);
        break;
      }
      out.printf("    %4d x %s%n", e.getValue(), e.getKey());
    }
    Map<String, Integer> missing = report.verdict().missing();
    if (!missing.isEmpty()) {
      StringBuilder what = new StringBuilder();
      missing.forEach((value, count) -> what.append(what.length() == 0 ? "" : ", ").append(value).append(": ")
          .append(count));
      out.printf("    data missing in finished tasks: %s%n", what);
    }
    if (report.backgroundLine() != null) {
      out.printf("    a background log line: %s%n", report.backgroundLine());
    }
    for (String line : report.detachLines()) {
      if (!line.startsWith("[detach] INFO")) {
        out.printf("    %s%n", line);
      }
    }
    out.printf("    server log: %s%n", relative(report.log()));
  }

  private static String indent(String text) {
    return String.join("\n      ", List.of(text.split("\n")));
  }

  private static Path relative(Path log) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = log.toAbsolutePath();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
  }
}
