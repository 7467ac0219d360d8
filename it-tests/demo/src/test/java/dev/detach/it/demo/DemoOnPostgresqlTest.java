package dev.detach.it.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.detach.demo.client.DemoRun;
import dev.detach.demo.client.DemoRun.Report;
import dev.detach.demo.client.Evidence.AuditRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo against the local PostgreSQL ({@code .ci/run} starts it when it is installed but down): each demo
 * server in its own JVM gets a burst of orders; the audit rows its background work wrote are read back from
 * PostgreSQL. With the agent every row is its own request's; without it (the control) the failures of the
 * contract appear and no background task is right.
 */
class DemoOnPostgresqlTest {

  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";
  /** The shop's audit table (demo-servers/app, AuditTrail.TABLE). */
  private static final String AUDIT_TABLE = "shop_audit";

  private static final DemoRun.Settings SETTINGS = new DemoRun.Settings(
      Path.of(System.getProperty("java.home"), "bin", "java"), Path.of(System.getProperty("demo.agentJar")), 60,
      10, List.of("--jdbc-url", URL, "--jdbc-user", USER), Path.of(System.getProperty("demo.logs")),
      Duration.ofSeconds(30));

  @BeforeAll
  static void postgresqlIsUp() {
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      assertThat(c.isValid(5)).isTrue();
    } catch (SQLException e) {
      String why = "PostgreSQL is not reachable at " + URL + " as " + USER + ": " + e.getMessage();
      if (System.getenv("CI") != null) {
        fail(why + " (CI: .ci/run starts it; this test must run there)");
      }
      System.out.println("#".repeat(100) + "\n# DemoOnPostgresqlTest SKIPPED: " + why + "\n" + "#".repeat(100));
      Assumptions.abort(why);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tomcat-11", "jetty-12-ee10", "undertow-2.3"})
  void withTheAgentEveryAuditRowInPostgresqlIsItsOwnRequests(String server) throws Exception {
    Report report = DemoRun.run(SETTINGS, serverJar(server), true);

    assertThat(report.failure()).as("the run").isNull();
    List<AuditRow> rows = auditRows(report.instance());
    assertThat(report.allCorrect()).as("%s with the agent: %s (log %s)", report.container(), report.verdict(),
        report.log()).isTrue();
    assertThat(rows).as("audit rows in PostgreSQL").hasSize(report.verdict().tasks());
    assertThat(rows).as("audit rows in PostgreSQL").allMatch(report.verdict()::isCorrect);
  }

  @ParameterizedTest
  @CsvSource({
      "tomcat-11,     java.lang.IllegalStateException: The request object has been recycled",
      "jetty-12-ee10, java.lang.NullPointerException",
      "undertow-2.3,  no tenant on the request"})
  void withoutTheAgentTheBackgroundWorkFails(String server, String error) throws Exception {
    Report report = DemoRun.run(SETTINGS, serverJar(server), false);

    assertThat(report.failure()).as("the run").isNull();
    assertThat(report.verdict().correctTasks()).as("%s without the agent: %s", report.container(),
        report.verdict()).isZero();
    assertThat(report.verdict().errors().keySet()).as("errors").anyMatch(e -> e.contains(error));
    assertThat(auditRows(report.instance())).as("audit rows in PostgreSQL").noneMatch(report.verdict()::isCorrect);
  }

  private static Path serverJar(String server) {
    return Path.of(System.getProperty("demo.servers"), server, "target", "detach-demo-" + server + ".jar");
  }

  /** The rows the run's server wrote, straight from PostgreSQL; they are deleted once read. */
  private static List<AuditRow> auditRows(String instance) throws SQLException {
    List<AuditRow> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      try (PreparedStatement select = c.prepareStatement("SELECT order_id, action, user_name, tenant, item,"
          + " request_id FROM " + AUDIT_TABLE + " WHERE instance = ?")) {
        select.setString(1, instance);
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            rows.add(new AuditRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6)));
          }
        }
      }
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + AUDIT_TABLE + " WHERE instance = ?")) {
        delete.setString(1, instance);
        delete.executeUpdate();
      }
    }
    return rows;
  }
}
