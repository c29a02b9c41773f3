package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.StripeSide;
import com.subscriptionreconciler.run.sequence.RunStarter;
import com.subscriptionreconciler.stripe.PartitionedLister;
import com.subscriptionreconciler.stripe.StripeClients;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One engine process (started with a fixed {@code -Xmx}): a full real run over the drifted database, then a
 * second full run that must find nothing. Measures each run end to end and prints them as one result line.
 *
 * <p>The engine is wired exactly as {@code ProductionWiring.create(config, dataSource)} wires it (paced stripe-java
 * client, {@code PartitionedLister.parallelismFor(rps)}, Lambda pool defaults), but built here so the harness
 * can watch the paced transport's request counter over time.
 */
public final class EngineRunMain {
  private EngineRunMain() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    Secret key = Secret.of(args.get("api-key", "sk_test_emulator"));
    // as configuration reads them: the key's mode lowers the ceiling, no endpoint above the ceiling
    double rps = Math.min(args.doubleOf("rps", 100), StripeKeyMode.of(key).accountRequestsPerSecond());
    double endpointRps = Math.min(rps, args.doubleOf("endpoint-rps", StripeSettings.DEFAULT_ENDPOINT_MAX_RPS));
    StripeSettings stripeSettings = new StripeSettings(args.require("api-base"), key, rps,
        StripeSettings.DEFAULT_NETWORK_RETRIES, endpointRps,
        (int) args.longOf("max-in-flight", StripeSettings.DEFAULT_MAX_IN_FLIGHT));
    EmulatorControl emulator = new EmulatorControl(args.require("control"));
    int runs = (int) args.longOf("runs", 2);
    try (HikariDataSource dataSource = DataSourceFactory.create(
        new DatabaseSettings(args.require("jdbc"), "root", Secret.of("")), PoolOptions.lambdaDefaults())) {
      StripeClients.PacedStripeClient stripe = StripeClients.create(stripeSettings);
      int parallelism = PartitionedLister.parallelismFor(rps);
      RunStarter engine =
          new RunStarter(dataSource, StripeSide.of(stripe, parallelism), BenchRules.rules(), Clock.systemUTC());
      List<Map<String, Object>> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        results.add(measure(engine, stripe, emulator));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rps", rps);
      out.put("endpointRps", endpointRps);
      out.put("parallelism", parallelism);
      out.put("runs", results);
      ResultLine.print(out);
    }
  }

  private static Map<String, Object> measure(
      RunStarter engine, StripeClients.PacedStripeClient stripe, EmulatorControl emulator) throws Exception {
    HeapMeter heap = new HeapMeter();
    EmulatorControl.Counts before = emulator.read();
    long refusedBefore = stripe.transport().rateLimitedResponses();
    long statementsBefore = engine.statementsSent();
    CpuMeter cpu = new CpuMeter();
    heap.start();
    cpu.start();
    RunReport report;
    long began = System.nanoTime();
    long window;
    long firstRequestMs;
    long lastRequestMs;
    List<Long> requestsPerSecond;
    try (StripeActivity activity = new StripeActivity(stripe.transport()::requestsSent)) {
      report = engine.run(new RunRequest(
          Trigger.CLI, Mode.FULL, false, false, List.of(), List.of(), List.of()));
      window = activity.windowMillis();
      firstRequestMs = activity.firstRequestAfterMillis(began);
      lastRequestMs = activity.lastRequestAfterMillis(began);
      requestsPerSecond = activity.perSecond();
    }
    long wallMs = (System.nanoTime() - began) / 1_000_000;
    Map<String, Object> cpuFigures = cpu.stop();
    Map<String, Object> heapFigures = heap.stop();
    EmulatorControl.Counts seen = emulator.read().minus(before);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", report.status().wireName());
    m.put("error", report.error());
    m.put("abortReason", report.abortReason());
    m.put("wallMs", wallMs);
    m.put("reportDurationMs", report.durationMs());
    m.put("stripeRequests", report.stripeRequests());
    m.put("rateLimited", stripe.transport().rateLimitedResponses() - refusedBefore);
    m.put("peakInFlight", stripe.transport().peakInFlight());
    m.put("inFlightLimitAtEnd", stripe.transport().inFlightLimit());
    m.put("emulator", seen.asMap());
    m.put("stripeWindowMs", window);
    // the Stripe-free stretches: locking and the run row before, applying and organizations after
    m.put("firstRequestAtMs", firstRequestMs);
    m.put("afterLastRequestMs", wallMs - lastRequestMs);
    m.put("statements", engine.statementsSent() - statementsBefore);
    m.put("totalSubscriptions", report.totalSubscriptions());
    m.put("synchronized", report.synchronized_());
    m.put("created", report.created());
    m.put("archived", report.archived());
    m.put("errors", report.errors());
    // the report's counters include organizations re-derived after the fix; the drift check wants subscriptions
    m.put("subscriptionChanges", report.details().stream().filter(d -> "subscription".equals(d.entity())).count());
    m.put("organizationChanges", report.details().stream().filter(d -> "organization".equals(d.entity())).count());
    m.put("driftByField", report.driftByField());
    m.put("requestsPerSecond", requestsPerSecond);
    m.putAll(heapFigures);
    m.putAll(cpuFigures);
    return m;
  }
}
