package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.AccountScopes;
import com.subscriptionreconciler.config.DatabaseConfig;
import com.subscriptionreconciler.demo.Demo;
import com.subscriptionreconciler.demo.DemoOutcome;
import com.subscriptionreconciler.run.Rollbacks;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What a test may replace in the CLI, and nothing else: how the engine (and, for {@code rollback}, the
 * database-only rollback) is built from the resolved configuration and what {@code demo} runs. Configuration,
 * secrets, the database pool and output rendering are the production code paths in tests too.
 */
public record CliSeams(Wiring wiring, RollbackWiring rollbackWiring, DemoRunner demo) {
  public CliSeams {
    Objects.requireNonNull(wiring, "wiring");
    Objects.requireNonNull(rollbackWiring, "rollbackWiring");
    Objects.requireNonNull(demo, "demo");
  }

  /** Production wiring: the engine the Lambda handler also uses, and the real demo. */
  public static CliSeams defaults() {
    return new CliSeams(ProductionWiring::create, ProductionWiring::rollbacks, Demo::run);
  }

  /**
   * Builds what {@code rollback} runs on from the database configuration and the accounts it may run as (read
   * without any key): a rollback sends Stripe nothing, so it must not ask for a Stripe key. Called once per
   * command; a result that is {@link AutoCloseable} is closed after it. {@link Wiring}'s counterpart for the one
   * command that needs no engine.
   */
  @FunctionalInterface
  public interface RollbackWiring {
    Rollbacks create(DatabaseConfig config, AccountScopes accounts);
  }

  /** Runs the self-contained demo, printing to {@code out}; returns how it ended, for the command to map. */
  @FunctionalInterface
  public interface DemoRunner {
    DemoOutcome run(PrintWriter out);
  }
}
