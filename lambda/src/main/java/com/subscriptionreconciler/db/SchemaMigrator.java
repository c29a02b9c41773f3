package com.subscriptionreconciler.db;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates or upgrades the product's schema with the Flyway migrations in {@code classpath:db/migration}
 * ({@code migrate} command, and start-up when configured).
 *
 * <p>MySQL and MariaDB support comes from {@code flyway-mysql}. Flyway is configured from code only: it
 * reads no {@code flyway.conf}/{@code flyway.toml} and no environment, never cleans, and writes no report
 * files. Flyway takes its own database lock while migrating, so two concurrent migrations are safe.
 */
public final class SchemaMigrator {

  public static final String LOCATION = "classpath:db/migration";

  private final Flyway flyway;

  public SchemaMigrator(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .cleanDisabled(true)
            .validateMigrationNaming(true)
            .validateOnMigrate(true)
            .outOfOrder(false)
            .baselineOnMigrate(false)
            .failOnMissingLocations(true)
            .placeholderReplacement(false)
            .loggers("slf4j")
            .load();
  }

  /** Applies every pending migration; a second call is a no-op ({@link Result#appliedCount()} is 0). */
  public Result migrate() {
    MigrateResult result = flyway.migrate();
    List<String> applied =
        result.getSuccessfulMigrations().stream()
            .map(m -> m.version + " " + m.description)
            .toList();
    return new Result(result.initialSchemaVersion, result.targetSchemaVersion, applied);
  }

  /** The version the database is at, or null when no migration has been applied. */
  public String currentVersion() {
    MigrationInfo current = flyway.info().current();
    return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
  }

  /** Migrations that exist on the classpath and are not applied yet ({@code version description}). */
  public List<String> pending() {
    return java.util.Arrays.stream(flyway.info().pending())
        .map(m -> m.getVersion() + " " + m.getDescription())
        .toList();
  }

  /**
   * What a migrate did.
   *
   * @param fromVersion schema version before (null when the schema was empty)
   * @param toVersion schema version after (null when nothing was ever applied)
   * @param applied {@code "version description"} of each migration applied, in order
   */
  public record Result(String fromVersion, String toVersion, List<String> applied) {
    public Result {
      applied = List.copyOf(applied);
    }

    public int appliedCount() {
      return applied.size();
    }
  }
}
