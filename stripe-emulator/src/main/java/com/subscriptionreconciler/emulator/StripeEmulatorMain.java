package com.subscriptionreconciler.emulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator in its own process (benchmarks, the demo, manual poking):
 *
 * <pre>
 * java -cp stripe-emulator.jar:jackson… com.subscriptionreconciler.emulator.StripeEmulatorMain \
 *   --port 12111 --subscriptions 10000 --seed 7 --latency-ms 250 --jitter-ms 50 --rps 100 \
 *   [--bind 0.0.0.0] [--api-key sk_test_x] [--now EPOCH_SECONDS] [--describe subscriptions.csv]
 *   [--webhook-url http://127.0.0.1:8080/webhook --webhook-secret whsec_…]
 * </pre>
 *
 * Prints the base URL as its first line of output, then serves until killed.
 */
public final class StripeEmulatorMain {

  private StripeEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts;
    try {
      opts = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: StripeEmulatorMain [--port P] [--bind ADDRESS] [--subscriptions N] [--seed S] "
          + "[--latency-ms L] [--jitter-ms J] [--rps R] [--api-key K] [--now EPOCH] [--describe FILE] "
          + "[--webhook-url URL --webhook-secret whsec_…]");
      System.exit(2);
      return;
    }
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    EmulatorOptions options = EmulatorOptions.defaults()
        .withPort(Integer.parseInt(opts.getOrDefault("port", "12111")))
        .withSeed(seed)
        .withApiKey(opts.getOrDefault("api-key", EmulatorOptions.DEFAULT_API_KEY));
    if (opts.containsKey("now")) {
      options = options.withClockStart(Long.parseLong(opts.get("now")));
    }
    // --bind 0.0.0.0 lets containers (a Lambda on LocalStack) reach it; the default stays loopback only
    StripeEmulator emulator = StripeEmulator.start(options,
        java.net.InetAddress.getByName(opts.getOrDefault("bind", "127.0.0.1")));
    int subscriptions = Integer.parseInt(opts.getOrDefault("subscriptions", "0"));
    if (subscriptions > 0) {
      AccountGenerator.generate(emulator.account(), subscriptions, seed);
    }
    if (opts.containsKey("describe")) {
      writeCsv(emulator.account(), Path.of(opts.get("describe")));
    }
    emulator.knobs()
        .latency(Duration.ofMillis(Long.parseLong(opts.getOrDefault("latency-ms", "0"))),
            Duration.ofMillis(Long.parseLong(opts.getOrDefault("jitter-ms", "0"))))
        .rateLimit(Integer.parseInt(opts.getOrDefault("rps", "0")));
    if (opts.containsKey("webhook-url")) {
      emulator.sendWebhooks(opts.get("webhook-url"), opts.getOrDefault("webhook-secret", ""));
    }
    System.out.println(emulator.baseUrl());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    new CountDownLatch(1).await(); // serve until killed
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("bad argument: " + a);
      }
      String name = a.substring(2);
      if (!java.util.Set.of("port", "subscriptions", "seed", "latency-ms", "jitter-ms", "rps",
          "api-key", "now", "describe", "webhook-url", "webhook-secret").contains(name)) {
        throw new IllegalArgumentException("unknown option: " + a);
      }
      out.put(name, args[++i]);
    }
    return out;
  }

  /**
   * One CSV row per subscription (its customer, the customer's {@code organization_id} metadata, price, tier,
   * status and times), for seeding a database in another process; also the CLI's {@code emulator --describe}.
   */
  public static void writeCsv(EmulatedAccount account, Path file) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      w.println("subscription_id,customer_id,organization_id,price_id,lookup_key,plan_tier,status,"
          + "quantity,created,current_period_start,current_period_end,cancel_at_period_end,"
          + "cancel_at,canceled_at,ended_at,trial_start,trial_end");
      for (Iterator<SeededSubscription> it = AccountGenerator.describe(account).iterator(); it.hasNext(); ) {
        SeededSubscription s = it.next();
        w.println(String.join(",", s.subscriptionId(), s.customerId(),
            str(s.customerMetadata().get("organization_id")), s.priceId(), str(s.lookupKey()),
            str(s.planTier()), s.status().wire(), Long.toString(s.quantity()),
            Long.toString(s.created()), Long.toString(s.currentPeriodStart()),
            Long.toString(s.currentPeriodEnd()), Boolean.toString(s.cancelAtPeriodEnd()),
            str(s.cancelAt()), str(s.canceledAt()), str(s.endedAt()), str(s.trialStart()),
            str(s.trialEnd())));
      }
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
