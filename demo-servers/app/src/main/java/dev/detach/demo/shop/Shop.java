package dev.detach.demo.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The shop, wired: its database, its background pool, its filter and servlets. */
public final class Shop implements AutoCloseable {

  private final HikariDataSource database;
  private final ExecutorService backgroundPool;
  private final AuditTrail auditTrail;

  private Shop(HikariDataSource database, String instance) throws SQLException {
    this.database = database;
    this.auditTrail = new AuditTrail(database, instance);
    AtomicInteger threads = new AtomicInteger();
    this.backgroundPool = Executors.newFixedThreadPool(8, task -> {
      Thread t = new Thread(task, "shop-background-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the shop on the database at {@code jdbcUrl}; {@code instance} marks this instance's audit rows. */
  public static Shop open(String jdbcUrl, String user, String password, String instance) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shop-db");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    HikariDataSource database = new HikariDataSource(config);
    try {
      return new Shop(database, instance);
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The filter in front of every path. */
  public Filter filter() {
    return new RequestContextFilter();
  }

  /** The servlets by path. */
  public Map<String, HttpServlet> servlets() {
    return Map.of("/orders", new OrderServlet(backgroundPool, auditTrail, new Confirmations(auditTrail)));
  }

  /** The audit table, as this instance writes it. */
  public AuditTrail auditTrail() {
    return auditTrail;
  }

  @Override
  public void close() {
    backgroundPool.shutdownNow();
    database.close();
  }
}
