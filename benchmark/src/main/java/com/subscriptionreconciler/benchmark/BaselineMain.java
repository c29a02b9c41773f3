package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.store.StatementCounter;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.StripeClients;
import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** One baseline process: {@link PerRowBaseline} over its own copy of the drifted database, measured like the engine. */
public final class BaselineMain {
  private BaselineMain() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    double rps = args.doubleOf("rps", 100);
    int batchSize = (int) args.longOf("batch", 10);
    StripeSettings settings = new StripeSettings(args.require("api-base"),
        Secret.of(args.get("api-key", "sk_test_emulator")), rps, StripeSettings.DEFAULT_NETWORK_RETRIES);
    EmulatorControl emulator = new EmulatorControl(args.require("control"));
    ExecutorService retrievers = Executors.newFixedThreadPool(batchSize, r -> {
      Thread t = new Thread(r, "baseline-retrieve");
      t.setDaemon(true);
      return t;
    });
    try (HikariDataSource dataSource = DataSourceFactory.create(
        new DatabaseSettings(args.require("jdbc"), "root", Secret.of("")), PoolOptions.lambdaDefaults())) {
      StripeClients.PacedStripeClient stripe = StripeClients.create(settings);
      StatementCounter statements = new StatementCounter();
      HeapMeter heap = new HeapMeter();
      EmulatorControl.Counts before = emulator.read();
      heap.start();
      long began = System.nanoTime();
      PerRowBaseline.Outcome outcome = new PerRowBaseline(dataSource, statements, StripeAccountReader.open(stripe.client()),
          retrievers, BenchRules.rules(), batchSize, args.longOf("pause-ms", 1000)).run("baseline-" + System.currentTimeMillis());
      long wallMs = (System.nanoTime() - began) / 1_000_000;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rps", rps);
      out.put("batch", batchSize);
      out.put("wallMs", wallMs);
      out.put("rows", outcome.rows());
      out.put("batches", outcome.batches());
      out.put("synchronized", outcome.updated());
      out.put("archived", outcome.archived());
      out.put("created", outcome.inserted());
      out.put("stripeRequests", stripe.transport().requestsSent());
      out.put("emulator", emulator.read().minus(before).asMap());
      out.put("statements", statements.count());
      out.putAll(heap.stop());
      ResultLine.print(out);
    } finally {
      retrievers.shutdownNow();
    }
  }
}
