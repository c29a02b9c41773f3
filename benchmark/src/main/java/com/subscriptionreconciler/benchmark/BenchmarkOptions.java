package com.subscriptionreconciler.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link BenchmarkMain} runs. Defaults: N = 10k and 100k (1M with {@code --with-1m}), STRIPE_MAX_RPS 100 plus
 * a 20 rps run at 10k, Stripe's live limits ({@code --limits live}: 100/s, 25/s per endpoint, 20 in flight;
 * {@code sandbox}, {@code low} or {@code none}, the old single 120 rps limit), STRIPE_ENDPOINT_MAX_RPS 25,
 * 250 ± 50 ms latency, 1% drift, the baseline at 10k, engine processes at -Xmx512m.
 *
 * @param lowRateRuns extra engine runs as {@code rps@N}, e.g. {@code 20@10000}
 */
record BenchmarkOptions(
    List<Integer> sizes,
    double rps,
    List<String> lowRateRuns,
    Set<Integer> baselineSizes,
    long latencyMs,
    long jitterMs,
    int emulatorRps,
    double drift,
    long seed,
    String engineHeap,
    boolean jfr,
    List<String> engineJvmOptions,
    Path outputDirectory,
    LimitProfile limits,
    int emulatorInFlight,
    double engineEndpointRps) {

  static BenchmarkOptions parse(String[] argv) {
    Args args = Args.parse(argv, Set.of("with-1m", "jfr"));
    List<Integer> sizes = new ArrayList<>(ints(args.get("sizes", "10000,100000")));
    if (args.flag("with-1m") && !sizes.contains(1_000_000)) {
      sizes.add(1_000_000);
    }
    Set<Integer> baseline = new TreeSet<>(ints(args.get("baseline-sizes", "10000")));
    baseline.forEach(n -> {
      if (!sizes.contains(n)) {
        sizes.add(n);
      }
    });
    sizes.sort(Integer::compare);
    String low = args.get("low-rps", "20@10000");
    return new BenchmarkOptions(
        List.copyOf(sizes),
        args.doubleOf("rps", 100),
        low.isBlank() ? List.of() : List.of(low.split(",")),
        baseline,
        args.longOf("latency-ms", 250),
        args.longOf("jitter-ms", 50),
        (int) args.longOf("emulator-rps", 120),
        args.doubleOf("drift", 0.01),
        args.longOf("seed", 7),
        args.get("engine-heap", "512m"),
        args.flag("jfr"),
        args.get("engine-jvm-opts", "").isBlank() ? List.of() : List.of(args.get("engine-jvm-opts", "").trim().split("\\s+")),
        Path.of(args.get("out", "benchmark/target/benchmark")),
        LimitProfile.parse(args.get("limits", "live")),
        (int) args.longOf("emulator-in-flight", 20),
        args.doubleOf("endpoint-rps", 25));
  }

  /** Every STRIPE_MAX_RPS to run the engine at for size {@code n}: the main rate first. */
  List<Double> ratesFor(int n) {
    List<Double> rates = new ArrayList<>(List.of(rps));
    for (String run : lowRateRuns) {
      String[] parts = run.trim().split("@");
      if (parts.length == 2 && Integer.parseInt(parts[1]) == n) {
        rates.add(Double.parseDouble(parts[0]));
      }
    }
    return rates;
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(Integer.parseInt(s.trim().replace("_", "")));
      }
    }
    return out;
  }
}
