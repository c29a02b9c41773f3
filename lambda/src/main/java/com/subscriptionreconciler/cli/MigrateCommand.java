package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.db.SchemaMigrator;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code migrate}: creates or upgrades the schema; needs the database configuration only. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Creates or upgrades the schema (versioned migrations). Safe to re-run; needs no Stripe key.")
final class MigrateCommand implements Callable<Integer> {
  private final CliContext context;

  MigrateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (HikariDataSource dataSource = context.openDatabase()) {
      SchemaMigrator migrator = new SchemaMigrator(dataSource);
      SchemaMigrator.Result result = migrator.migrate();
      // Flyway leaves the result's target version unset on a no-op; ask the schema itself
      String version = migrator.currentVersion();
      PrintWriter out = context.out();
      if (result.appliedCount() == 0) {
        out.println("schema up to date at version " + version);
      } else {
        out.printf("migrated schema from %s to version %s:%n",
            result.fromVersion() == null ? "empty" : "version " + result.fromVersion(), version);
        // each is "<version> <description>", e.g. "1 billing tables": say which is which
        result.applied().forEach(migration -> out.println("  version " + migration.replaceFirst(" ", ": ")));
      }
      out.flush();
      return 0;
    }
  }
}
