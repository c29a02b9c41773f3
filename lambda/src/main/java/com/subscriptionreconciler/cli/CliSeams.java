package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.demo.Demo;
import com.subscriptionreconciler.run.Engines;
import com.subscriptionreconciler.run.ReconciliationEngine;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What a test may replace in the CLI, and nothing else: how the engine is built from the resolved configuration
 * and what {@code demo} runs. Configuration, secrets, the database pool and output rendering are the production
 * code paths in tests too.
 */
public record CliSeams(EngineFactory engineFactory, DemoRunner demo) {
  public CliSeams {
    Objects.requireNonNull(engineFactory, "engineFactory");
    Objects.requireNonNull(demo, "demo");
  }

  /** Production wiring: the engine the Lambda handler also uses, and the real demo. */
  public static CliSeams defaults() {
    return new CliSeams(Engines::create, Demo::run);
  }

  public CliSeams withEngineFactory(EngineFactory factory) {
    return new CliSeams(factory, demo);
  }

  public CliSeams withDemo(DemoRunner runner) {
    return new CliSeams(engineFactory, runner);
  }

  /** Builds the engine for {@code reconcile} and {@code rollback}; called once per command, after config loads. */
  @FunctionalInterface
  public interface EngineFactory {
    ReconciliationEngine create(ReconcilerConfig config);
  }

  /** Runs the self-contained demo, printing to {@code out}; returns the exit code. */
  @FunctionalInterface
  public interface DemoRunner {
    int run(PrintWriter out);
  }
}
