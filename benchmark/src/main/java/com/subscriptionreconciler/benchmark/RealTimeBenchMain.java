package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.db.SchemaMigrator;
import com.subscriptionreconciler.emulator.AccountLimits;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.WebhookVerifier;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.RunRequest;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The real-time path under a burst: {@code --events} Stripe changes over {@code --seconds}, each a quantity change
 * of one of {@code --subscriptions} subscriptions chosen at random, made in the emulator (with {@code --latency-ms}
 * ± {@code --jitter-ms} per request and the Stripe limits of {@code --limits}, live by default: 100/s for the
 * account, 25/s per endpoint, {@code --max-in-flight} 20 at once), delivered as signed webhooks to the
 * local listener (receiver, in-process queue, consumer over the real engine and an embedded MariaDB).
 *
 * <p>Measures, per event, the lag from the change in Stripe to the end of the first run that started after it and
 * named its subscription (when that run finishes, the write is committed); the Stripe requests of every batch
 * against the distinct objects it named; that every subscription ends at Stripe's value (nothing lost); and that
 * no quantity value was written twice for one subscription (nothing applied twice). Prints one RESULT line.
 *
 * <pre>
 * java -cp benchmark/target/benchmark.jar com.subscriptionreconciler.benchmark.RealTimeBenchMain \
 *   --events 10000 --seconds 100 --subscriptions 2000 --latency-ms 250 --jitter-ms 50 --limits live --rps 100
 * </pre>
 */
public final class RealTimeBenchMain {
  private static final String SECRET = "whsec_benchmark_realtime_0123456789abcdef";

  private RealTimeBenchMain() {}

  /** One engine run as the consumer made it. */
  record Run(long startNanos, long finishNanos, Set<String> subscriptions, long stripeRequests, RunStatus status) {}

  /** One change made in Stripe. */
  record Change(String subscription, long quantity, long atNanos) {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    // before the first JDK HTTP server starts (the emulator's): answers without waiting for delayed ACKs
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int events = (int) args.longOf("events", 10_000);
    double seconds = args.doubleOf("seconds", 100);
    int subscriptions = (int) args.longOf("subscriptions", 2_000);
    long latencyMs = args.longOf("latency-ms", 250);
    long jitterMs = args.longOf("jitter-ms", 50);
    LimitProfile limits = LimitProfile.parse(args.get("limits", "live"));
    int emulatorInFlight = (int) args.longOf("max-in-flight", 20);
    int emulatorRps = (int) args.longOf("emulator-rps", 100); // only with --limits none
    double rps = args.doubleOf("rps", 100);
    double endpointRps = Math.min(rps, args.doubleOf("endpoint-rps", StripeSettings.DEFAULT_ENDPOINT_MAX_RPS));
    int batchSize = (int) args.longOf("batch-size", 1_000);
    long windowMs = args.longOf("window-ms", 500);

    try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start();
        StripeEmulator emulator = StripeEmulator.start(
            EmulatorOptions.defaults().withExtraApiKeys(Set.of(AccountSpec.LIVE_KEY)))) {
      mariaDb.createDatabase("realtime_bench");
      DatabaseSettings database = mariaDb.settings("realtime_bench");
      try (HikariDataSource dataSource = DataSourceFactory.create(database)) {
        new SchemaMigrator(dataSource).migrate();
        List<String> ids = seed(emulator.account(), dataSource, subscriptions);
        ReconcileRules rules = new ReconcileRules(Map.of("bench_monthly", "pro"), ReconcileRules.DEFAULT_TIER,
            ReconcileRules.DEFAULT_MAX_CHANGE_RATIO, 1_000_000);
        ReconcilerConfig config = new ReconcilerConfig(
            new StripeSettings(emulator.baseUrl(), Secret.of(limits.apiKey()), rps,
                StripeSettings.DEFAULT_NETWORK_RETRIES, endpointRps, StripeSettings.DEFAULT_MAX_IN_FLIGHT),
            database, rules,
            LogLevel.WARN, Optional.empty());
        Engine engine = ProductionWiring.create(config, dataSource);
        RunReport sync = engine.run(RunRequest.full(Trigger.CLI));
        if (sync.created() != subscriptions) {
          throw new IllegalStateException("initial sync created " + sync.created() + " rows, expected " + subscriptions);
        }
        emulator.knobs().latency(Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs));
        AccountLimits emulated = limits.emulated(emulatorInFlight);
        if (emulated == null) {
          emulator.knobs().rateLimit(emulatorRps);
        } else {
          emulator.knobs().accountLimits(emulated).retryAfterSeconds(0); // Stripe sends no Retry-After on its 429s
        }
        emulator.resetCounters();

        List<Run> runs = new CopyOnWriteArrayList<>();
        Engine recording = request -> {
          long start = System.nanoTime();
          RunReport report = engine.run(request);
          runs.add(new Run(start, System.nanoTime(), Set.copyOf(request.subscriptionIds()), report.stripeRequests(),
              report.status()));
          return report;
        };
        List<Change> changes = new ArrayList<>(events);
        long[] quantities = new long[subscriptions];
        java.util.Arrays.fill(quantities, 1);
        Random random = new Random(7);
        long burstStart;
        long burstEnd;
        try (LocalListener listener = LocalListener.start(0,
            new WebhookVerifier(List.of(Secret.of(SECRET)), Clock.systemUTC()),
            new EventBatchConsumer(recording, StripeKeyMode.SANDBOX), new LocalListener.Batching(batchSize, Duration.ofMillis(windowMs)),
            outcome -> { })) {
          emulator.sendWebhooks("http://127.0.0.1:" + listener.port() + "/webhook", SECRET);
          long interval = (long) (seconds * 1e9 / events);
          burstStart = System.nanoTime();
          for (int i = 0; i < events; i++) {
            long due = burstStart + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            int n = random.nextInt(subscriptions);
            quantities[n]++;
            long at = System.nanoTime();
            emulator.account().changeQuantity(ids.get(n), quantities[n]);
            changes.add(new Change(ids.get(n), quantities[n], at));
          }
          burstEnd = System.nanoTime();
          waitUntilInSync(dataSource, ids, quantities, Duration.ofMinutes(5));
          emulator.stopWebhooks();
        }
        ResultLine.print(summarize(changes, runs, ids, quantities, dataSource, emulator, burstStart, burstEnd,
            parameters(events, seconds, subscriptions, latencyMs, jitterMs, limits, emulatorInFlight, rps, endpointRps,
                batchSize, windowMs)));
      }
    }
  }

  private static Map<String, Object> parameters(int events, double seconds, int subscriptions, long latencyMs,
      long jitterMs, LimitProfile limits, int emulatorInFlight, double rps, double endpointRps, int batchSize,
      long windowMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("seconds", seconds);
    out.put("subscriptions", subscriptions);
    out.put("latencyMs", latencyMs);
    out.put("jitterMs", jitterMs);
    out.put("limits", limits.name().toLowerCase(java.util.Locale.ROOT));
    out.put("emulatorInFlight", emulatorInFlight);
    out.put("rps", rps);
    out.put("endpointRps", endpointRps);
    out.put("batchSize", batchSize);
    out.put("windowMs", windowMs);
    return out;
  }

  private static Map<String, Object> summarize(List<Change> changes, List<Run> runs, List<String> ids,
      long[] quantities, HikariDataSource dataSource, StripeEmulator emulator, long burstStart, long burstEnd,
      Map<String, Object> parameters) throws SQLException {
    List<Run> ordered = new ArrayList<>(runs);
    ordered.sort(java.util.Comparator.comparingLong(Run::startNanos));
    List<Long> lags = new ArrayList<>();
    int lost = 0;
    for (Change change : changes) {
      Run first = null;
      for (Run run : ordered) {
        if (run.startNanos() >= change.atNanos() && run.subscriptions().contains(change.subscription())) {
          first = run;
          break;
        }
      }
      if (first == null) {
        lost++;
      } else {
        lags.add((first.finishNanos() - change.atNanos()) / 1_000_000);
      }
    }
    lags.sort(Long::compare);
    long overBudget = runs.stream().filter(r -> r.stripeRequests() > r.subscriptions().size() + 1).count();
    Map<String, Object> out = new LinkedHashMap<>(parameters);
    out.put("burstMs", (burstEnd - burstStart) / 1_000_000);
    out.put("batches", runs.size());
    out.put("runsNotSucceeded", runs.stream().filter(r -> r.status() != RunStatus.SUCCEEDED).count());
    out.put("lagP50Ms", percentile(lags, 0.50));
    out.put("lagP95Ms", percentile(lags, 0.95));
    out.put("lagMaxMs", lags.isEmpty() ? null : lags.get(lags.size() - 1));
    out.put("eventsWithoutARunAfterThem", lost);
    out.put("stripeRequests", runs.stream().mapToLong(Run::stripeRequests).sum());
    out.put("distinctObjectsAcrossBatches", runs.stream().mapToLong(r -> r.subscriptions().size()).sum());
    out.put("batchesOverRequestBudget", overBudget);
    out.put("emulatorRequests", emulator.totalRequests());
    out.put("listRequests", emulator.counters().requestCount("GET /v1/subscriptions"));
    out.put("retrieveRequests", emulator.counters().requestCount("GET /v1/subscriptions/{id}"));
    out.put("throttled429", emulator.counters().throttledRequests());
    out.put("rowsNotMatchingStripe", mismatches(dataSource, ids, quantities));
    out.put("quantityValuesWrittenTwice", writtenTwice(dataSource));
    out.put("meanBatchObjects", runs.isEmpty() ? 0 : runs.stream().mapToLong(r -> r.subscriptions().size()).sum()
        / runs.size());
    out.put("meanBatchRequests", runs.isEmpty() ? 0 : runs.stream().mapToLong(Run::stripeRequests).sum() / runs.size());
    out.put("maxBatchMs", runs.stream().mapToLong(r -> (r.finishNanos() - r.startNanos()) / 1_000_000).max().orElse(0));
    return out;
  }

  private static Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  private static List<String> seed(EmulatedAccount account, HikariDataSource dataSource, int count) throws SQLException {
    account.setRecordCreationEvents(false);
    String product = account.createProduct("prod_bench", "Bench", Map.of());
    String price = account.createPrice(PriceSpec.monthly(product, "bench_monthly", 4900).withId("price_bench"));
    List<String> subscriptions = new ArrayList<>(count);
    // created over the last two years, as in a real account (and the full-run benchmark's): the listing splits
    // the account by creation time, which an account created within one second would defeat
    Random created = new Random(11);
    long now = java.time.Instant.now().getEpochSecond();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= count; i++) {
        String customer = account.createCustomer(CustomerSpec.of("org" + i + "@example.com"));
        subscriptions.add(account.createSubscription(
            SubscriptionSpec.forCustomer(customer).price(price).status(SubscriptionStatus.ACTIVE)
                .created(now - (long) (created.nextDouble() * 730 * 86_400))));
        insert.setLong(1, i);
        insert.setString(2, "Org " + i);
        insert.setString(3, customer);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    account.setRecordCreationEvents(true);
    return subscriptions;
  }

  private static Map<String, Long> quantitiesInDatabase(HikariDataSource dataSource) throws SQLException {
    Map<String, Long> found = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT stripe_subscription_id, quantity FROM subscriptions");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        found.put(rs.getString(1), rs.getLong(2));
      }
    }
    return found;
  }

  private static int mismatches(HikariDataSource dataSource, List<String> ids, long[] quantities) throws SQLException {
    Map<String, Long> found = quantitiesInDatabase(dataSource);
    int wrong = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (!Long.valueOf(quantities[i]).equals(found.get(ids.get(i)))) {
        wrong++;
      }
    }
    return wrong;
  }

  private static void waitUntilInSync(HikariDataSource dataSource, List<String> ids, long[] quantities,
      Duration limit) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (mismatches(dataSource, ids, quantities) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
  }

  private static long writtenTwice(HikariDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT COUNT(*) FROM (SELECT stripe_id, new_value FROM reconciliation_changes"
                + " WHERE field = 'quantity' AND applied GROUP BY stripe_id, new_value HAVING COUNT(*) > 1) twice");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
