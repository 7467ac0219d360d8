package dev.detach.demo.shop;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.MDC;

/**
 * The audit table: who did what to which order, for which tenant, in which request. Each shop instance writes
 * its own rows (column {@code instance}), so several can share one database.
 */
public final class AuditTrail {

  /** The table, created when missing; the same SQL works on H2, PostgreSQL and MariaDB. */
  public static final String TABLE = "shop_audit";

  private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
      + "order_id VARCHAR(64) NOT NULL, action VARCHAR(32) NOT NULL, user_name VARCHAR(128) NOT NULL,"
      + " tenant VARCHAR(128) NOT NULL, item VARCHAR(128), request_id VARCHAR(128),"
      + " instance VARCHAR(64) NOT NULL, recorded_at TIMESTAMP NOT NULL)";
  private static final String INSERT = "INSERT INTO " + TABLE
      + " (order_id, action, user_name, tenant, item, request_id, instance, recorded_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT = "SELECT order_id, action, user_name, tenant, item, request_id FROM "
      + TABLE + " WHERE instance = ?";

  /** One row as written. */
  public record Row(String orderId, String action, String user, String tenant, String item, String requestId) {}

  private final DataSource database;
  private final String instance;

  AuditTrail(DataSource database, String instance) throws SQLException {
    this.database = database;
    this.instance = instance;
    try (Connection c = database.getConnection(); Statement create = c.createStatement()) {
      create.execute(CREATE);
    }
  }

  /** Records {@code action} on order {@code orderId} by the user and tenant of {@code request}. */
  public void record(String orderId, String action, HttpServletRequest request) {
    String user = Users.of(request);
    String tenant = Tenants.of(request);
    String item = request.getParameter("item");
    try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, orderId);
      insert.setString(2, action);
      insert.setString(3, user);
      insert.setString(4, tenant);
      insert.setString(5, item);
      insert.setString(6, MDC.get(RequestContextFilter.REQUEST_ID));
      insert.setString(7, instance);
      insert.setTimestamp(8, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("audit row for order " + orderId + " not written: " + e.getMessage(), e);
    }
  }

  /** The rows this instance wrote. */
  public List<Row> rows() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement(SELECT)) {
      select.setString(1, instance);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          rows.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6)));
        }
      }
    }
    return rows;
  }
}
