package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.adopt.AdoptionPlan;
import com.subscriptionreconciler.adopt.DatabaseState;
import com.subscriptionreconciler.adopt.SchemaAdopter;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.StripeAccounts;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.schema.SchemaResolver;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate [--adopt [--dry-run]]}: creates or upgrades the schema; needs the database configuration only.
 * On billing tables the application created (no migration history), plain {@code migrate} changes nothing and
 * explains what adoption would add (exit 2); {@code --adopt} adds only what is missing (docs/reference.md,
 * Existing databases).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
        "Creates or upgrades the schema (versioned migrations). Safe to re-run; needs no Stripe key.",
        "On the application's own billing tables it changes nothing and says what --adopt would add (exit 2)."})
final class MigrateCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--adopt",
      description = "Adopt existing application tables: add only the missing columns and indexes, create the "
          + "reconciliation_* tables, record the baseline. Never drops, renames, retypes or rewrites anything.")
  boolean adopt;

  @Option(names = "--dry-run", description = "With --adopt: print the exact DDL and change nothing.")
  boolean dryRun;

  MigrateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws SQLException {
    if (dryRun && !adopt) {
      throw new ConfigurationException("--dry-run applies to migrate --adopt; plain migrate has no dry run");
    }
    SchemaMap map = SchemaMap.from(context.env());
    SchemaResolver.checkLogicalNames(map);
    PrintWriter out = context.out();
    try (HikariDataSource dataSource = context.openDatabase()) {
      // with several Stripe accounts, adoption also adds the column that tells their rows apart
      SchemaAdopter adopter =
          new SchemaAdopter(dataSource, map, context.env().isSet(StripeAccounts.VARIABLE));
      DatabaseState state = adopter.state();
      if (state == DatabaseState.EMPTY && !map.isEmpty()) {
        throw new ConfigurationException("SCHEMA_MAP names tables this database does not have; migrate creates the "
            + "product's own tables under the product's names: unset SCHEMA_MAP for a new database");
      }
      if (!adopt) {
        if (state == DatabaseState.APPLICATION_TABLES) {
          return explainAdoption(out, adopter.plan());
        }
        return migrate(out, new SchemaMigrator(dataSource), false);
      }
      if (state == DatabaseState.EMPTY) {
        out.println("no billing tables to adopt: creating the product's schema");
        return migrate(out, new SchemaMigrator(dataSource), false);
      }
      AdoptionPlan plan = adopter.plan();
      if (!plan.blockers().isEmpty()) {
        return blocked(context.err(), plan);
      }
      SchemaMigrator migrator = new SchemaMigrator(dataSource);
      if (dryRun) {
        return printDryRun(out, plan, state, migrator);
      }
      List<String> executed = adopter.apply(plan);
      executed.forEach(sql -> out.println("ran: " + sql + ";"));
      if (executed.isEmpty()) {
        out.println("nothing to add: the billing tables have every column and index the product needs");
      }
      return migrate(out, migrator, true);
    } finally {
      out.flush();
    }
  }

  /**
   * The explanation is the command's answer, so it goes to stdout like every other command's output; the exit code
   * (2) says that nothing was migrated.
   */
  private static int explainAdoption(PrintWriter out, AdoptionPlan plan) {
    out.println("The billing tables exist but were not created by this product (no " + SchemaAdopter.HISTORY_TABLE
        + " table): migrate changed nothing.");
    if (!plan.blockers().isEmpty()) {
      return blocked(out, plan);
    }
    out.println("`migrate --adopt` would keep every table, column, row and index, and only:");
    plan.statements().forEach(ddl -> out.println("  - " + ddl.explanation()));
    out.println("  - create reconciliation_runs, reconciliation_changes and reconciliation_checkpoints");
    out.println("  - record the baseline in " + SchemaAdopter.HISTORY_TABLE);
    out.println("See the exact statements with `migrate --adopt --dry-run`.");
    out.flush();
    return ExitCode.USAGE.code();
  }

  private static int blocked(PrintWriter to, AdoptionPlan plan) {
    to.println("adoption cannot go ahead, nothing was changed:");
    plan.blockers().forEach(b -> to.println("  - " + b));
    to.flush();
    return ExitCode.USAGE.code();
  }

  private static int printDryRun(PrintWriter out, AdoptionPlan plan, DatabaseState state, SchemaMigrator migrator) {
    out.println("-- migrate --adopt --dry-run: nothing was changed. These statements would run, in order.");
    if (plan.nothingToAdd()) {
      out.println("-- (no column or index to add)");
    }
    for (AdoptionPlan.Ddl ddl : plan.statements()) {
      out.println("-- " + ddl.explanation());
      out.println(ddl.sql() + ";");
      ddl.fallbacks().forEach(f -> out.println("--   if the server refuses that algorithm: " + f + ";"));
    }
    if (state == DatabaseState.APPLICATION_TABLES) {
      out.println("-- then record the baseline (version " + SchemaMigrator.BILLING_TABLES_VERSION + ") in "
          + SchemaAdopter.HISTORY_TABLE + " and apply the product's later migrations (classpath db/migration"
          + " V2 and up: the reconciliation_* tables)");
    } else {
      migrator.pending().forEach(p -> out.println("-- then apply migration " + p));
    }
    return 0;
  }

  private static int migrate(PrintWriter out, SchemaMigrator migrator, boolean adopting) {
    SchemaMigrator.Result result = adopting ? migrator.migrateAdopted() : migrator.migrate();
    // Flyway leaves the result's target version unset on a no-op; ask the schema itself
    String version = migrator.currentVersion();
    if (result.appliedCount() == 0) {
      out.println("schema up to date at version " + version);
    } else {
      out.printf("migrated schema from %s to version %s:%n",
          result.fromVersion() == null ? "empty" : "version " + result.fromVersion(), version);
      // each is "<version> <description>", e.g. "1 billing tables": say which is which
      result.applied().forEach(migration -> out.println("  version " + migration.replaceFirst(" ", ": ")));
    }
    return 0;
  }
}
