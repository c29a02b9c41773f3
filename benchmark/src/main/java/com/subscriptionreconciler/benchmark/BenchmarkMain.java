package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.db.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark (docs/performance.md). For each size N: one embedded MariaDB (its own OS process, shared by all
 * sizes), the emulator in its own JVM with the generated account, latency and a rate limit, a seeding JVM that
 * mirrors the account into one database copy per measured run and drifts each copy identically, then one engine JVM per
 * STRIPE_MAX_RPS (a full real run, then a second full run that must find nothing) and, where asked, the per-row
 * baseline JVM on its own copy. Prints the result table; writes it and the raw results under {@code --out}.
 *
 * <pre>
 * java -cp … com.subscriptionreconciler.benchmark.BenchmarkMain [--sizes 10000,100000] [--with-1m]
 *   [--rps 100] [--low-rps 20@10000] [--baseline-sizes 10000] [--latency-ms 250] [--jitter-ms 50]
 *   [--emulator-rps 120] [--drift 0.01] [--seed 7] [--engine-heap 512m] [--engine-jvm-opts "-XX:…"] [--jfr]
 *   [--out DIR]
 * </pre>
 */
public final class BenchmarkMain {
  private static final Duration LONG = Duration.ofHours(2);

  private BenchmarkMain() {}

  public static void main(String[] argv) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(argv);
    Files.createDirectories(options.outputDirectory());
    long now = Instant.now().getEpochSecond();
    List<Measurement> measurements = new ArrayList<>();
    Map<String, Object> raw = new LinkedHashMap<>();
    log("starting embedded MariaDB");
    try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(List.of("--innodb-buffer-pool-size=1G"))) {
      for (int n : options.sizes()) {
        Map<String, Object> sizeRaw = new LinkedHashMap<>();
        measurements.addAll(runSize(options, mariaDb, new AccountSpec(n, options.seed(), now), sizeRaw));
        raw.put(Integer.toString(n), sizeRaw);
        Files.writeString(options.outputDirectory().resolve("results.json"), ResultLine.json(raw));
        Files.writeString(options.outputDirectory().resolve("results.md"), ResultTable.markdown(measurements));
      }
    }
    System.out.println();
    System.out.println(ResultTable.markdown(measurements));
  }

  private static List<Measurement> runSize(
      BenchmarkOptions options, EmbeddedMariaDb mariaDb, AccountSpec spec, Map<String, Object> raw) throws Exception {
    int n = spec.subscriptions();
    Path logs = options.outputDirectory().resolve("logs");
    List<Double> rates = options.ratesFor(n);
    // every size gets the engine, baseline sizes included: it is cheap next to the baseline and gives the speed-up
    List<String> databases = new ArrayList<>();
    rates.forEach(r -> databases.add("bench_" + n + "_engine_" + r.intValue()));
    boolean baseline = options.baselineSizes().contains(n);
    if (baseline) {
      databases.add("bench_" + n + "_baseline");
    }
    databases.forEach(mariaDb::createDatabase);
    List<String> urls = databases.stream().map(mariaDb::jdbcUrl).toList();

    log("N=" + n + ": starting the emulator process");
    try (ChildJvm emulator = ChildJvm.start("emulator-" + n, n >= 1_000_000 ? "3g" : "2g", List.of(),
        BenchEmulatorMain.class, withAccount(spec, "--latency-ms", Long.toString(options.latencyMs()),
            "--jitter-ms", Long.toString(options.jitterMs()), "--rps", Integer.toString(options.emulatorRps()),
            "--limits", options.limits().name(), "--max-in-flight", Integer.toString(options.emulatorInFlight())),
        logs.resolve(n + "-emulator.log"))) {
      log("N=" + n + ": seeding " + databases.size() + " database copies in a separate JVM");
      Map<String, Object> seed;
      try (ChildJvm seeder = ChildJvm.start("seed-" + n, n >= 1_000_000 ? "4g" : "2g", List.of(), SeedMain.class,
          withAccount(spec, "--jdbc", String.join(",", urls), "--drift", Double.toString(options.drift())),
          logs.resolve(n + "-seed.log"))) {
        seed = seeder.awaitResult(LONG);
      }
      raw.put("seed", seed);
      log("N=" + n + ": seeded " + seed);
      log("N=" + n + ": emulator " + emulator.awaitLine("GENERATED ", Duration.ofMinutes(10)));
      String base = emulator.awaitLine("BASE ", Duration.ofMinutes(10));
      String control = emulator.awaitLine("CONTROL ", Duration.ofMinutes(1));

      Long baselineMs = null;
      if (baseline) {
        log("N=" + n + ": per-row baseline (batches of 10, 1 s pause): about " + (n / 10) * 1.3 + " s");
        try (ChildJvm run = ChildJvm.start("baseline-" + n, options.engineHeap(), List.of(), BaselineMain.class,
            List.of("--api-base", base, "--control", control, "--jdbc", urls.get(urls.size() - 1),
                "--rps", Double.toString(options.rps())),
            logs.resolve(n + "-baseline.log"))) {
          Map<String, Object> result = run.awaitResult(LONG);
          raw.put("baseline", result);
          baselineMs = ((Number) result.get("wallMs")).longValue();
          log("N=" + n + ": baseline " + result);
        }
      }
      List<Measurement> out = new ArrayList<>();
      for (int i = 0; i < rates.size(); i++) {
        double r = rates.get(i);
        log("N=" + n + ": engine at STRIPE_MAX_RPS=" + r);
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseG1GC"));
        jvm.addAll(options.engineJvmOptions());
        if (options.jfr()) {
          jvm.add("-XX:StartFlightRecording=filename="
              + logs.resolve(n + "-engine-" + (int) r + ".jfr").toAbsolutePath() + ",settings=profile");
        }
        try (ChildJvm run = ChildJvm.start("engine-" + n + "-" + (int) r, options.engineHeap(), jvm,
            EngineRunMain.class, List.of("--api-base", base, "--control", control, "--jdbc", urls.get(i),
                "--rps", Double.toString(r), "--api-key", options.limits().apiKey(),
                "--endpoint-rps", Double.toString(options.engineEndpointRps())),
            logs.resolve(n + "-engine-" + (int) r + ".log"))) {
          Map<String, Object> result = run.awaitResult(LONG);
          raw.put("engine@" + (int) r, result);
          // the speed-up compares like with like: the baseline ran at the main rate
          Measurement m = Measurement.of(n, seed, result, r == options.rps() ? baselineMs : null,
              options.limits());
          out.add(m);
          log("N=" + n + ": engine " + result);
        }
      }
      databases.forEach(mariaDb::dropDatabase);
      return out;
    }
  }

  private static List<String> withAccount(AccountSpec spec, String... more) {
    List<String> args = new ArrayList<>(List.of(spec.asArgs()));
    args.addAll(List.of(more));
    return args;
  }

  private static void log(String message) {
    System.out.println("[" + Instant.now() + "] " + message);
    System.out.flush();
  }
}
