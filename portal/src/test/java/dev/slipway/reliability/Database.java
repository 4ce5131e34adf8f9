package dev.slipway.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL as a process of its own (the embedded binaries the tests use), on a fixed port and
 * data directory, so it can be stopped and started again as a database server restarts: the portals
 * keep their connection settings and find their data.
 */
final class Database implements AutoCloseable {

  private final Path data;
  private final int port;
  private @Nullable EmbeddedPostgres server;

  private Database(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  static Database start(Path data) throws IOException {
    Files.createDirectories(data);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Database database = new Database(data, port);
    database.start();
    return database;
  }

  /** Starts the server on its port and data directory (the data is kept from before). */
  synchronized void start() throws IOException {
    if (server == null) {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(30))
              .start();
    }
  }

  /** Stops the server (fast shutdown: open connections are cut, as in a restart). */
  synchronized void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  synchronized boolean running() {
    return server != null;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** Rows of a query as column → value maps, on a connection of its own. */
  List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      List<Map<String, Object>> out = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  long count(String sql) throws SQLException {
    return ((Number) query(sql).getFirst().values().iterator().next()).longValue();
  }

  void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
