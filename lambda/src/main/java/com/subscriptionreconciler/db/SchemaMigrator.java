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

  /** The migration that creates the billing tables: what an adopted database's baseline stands for. */
  public static final String BILLING_TABLES_VERSION = "1";

  private final Flyway flyway;
  private final DataSource dataSource;

  public SchemaMigrator(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.dataSource = dataSource;
    this.flyway = configure(dataSource).load();
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration configure(DataSource dataSource) {
    return Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            // migrations that must look before they change: see each class
            .javaMigrations(new StripeAccountMigration())
            .cleanDisabled(true)
            .validateMigrationNaming(true)
            .validateOnMigrate(true)
            .outOfOrder(false)
            .baselineOnMigrate(false)
            .failOnMissingLocations(true)
            .placeholderReplacement(false)
            .loggers("slf4j");
  }

  /**
   * For a database whose billing tables the application created and adoption completed: records the baseline
   * (version {@value #BILLING_TABLES_VERSION}, "the billing tables exist") so the product never runs its own
   * CREATE TABLE over them, then applies the later migrations (the product's {@code reconciliation_*} tables).
   * On a database that already has the history this is exactly {@link #migrate()}.
   */
  public Result migrateAdopted() {
    Flyway adopting = configure(dataSource)
        .baselineOnMigrate(true)
        .baselineVersion(BILLING_TABLES_VERSION)
        .baselineDescription("adopted application billing tables")
        .load();
    MigrateResult result = adopting.migrate();
    List<String> applied =
        result.getSuccessfulMigrations().stream()
            .map(m -> m.version + " " + m.description)
            .toList();
    return new Result(result.initialSchemaVersion, result.targetSchemaVersion, applied);
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
