package com.subscriptionreconciler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.StripeEmulatorMain;
import com.subscriptionreconciler.report.ReportJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code emulator}: the Stripe emulator the tests and the demo use, on its own, serving a generated account until
 * the process is stopped. It prints the variables that point {@code reconcile} at it, so trying the product
 * needs no Stripe account (docs/reference.md, The Stripe emulator).
 */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = {
        "Serves a generated Stripe account on 127.0.0.1 until stopped (Ctrl-C).",
        "Prints the STRIPE_API_BASE, STRIPE_SECRET_KEY and PLAN_TIER_MAP that point reconcile at it. Read-only "
            + "like the reconciler: it refuses writes, except its test helper that changes a subscription (see "
            + "--webhook-url). The same seed serves the same account."})
final class EmulatorCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "12111", paramLabel = "PORT",
      description = "Port on 127.0.0.1 (default 12111; 0 picks a free one).")
  int port;

  @Option(names = "--subscriptions", defaultValue = "100", paramLabel = "N",
      description = "Subscriptions to generate, with their customers, products and prices (default 100).")
  int subscriptions;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
      description = "Seeds the generated ids and data (default 42).")
  long seed;

  @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
      description = "Answer every request after this many milliseconds, as a distant API would (default 0).")
  long latencyMs;

  @Option(names = "--rps", defaultValue = "0", paramLabel = "N",
      description = "Answer 429 above this many requests per second, as Stripe's rate limit does (default 0: none).")
  int rps;

  @Option(names = "--describe", paramLabel = "FILE",
      description = "Also write the generated account to FILE as CSV, one row per subscription (customer, its "
          + "organization_id, price, tier, status, times), to seed a database of your own to match it.")
  Path describe;

  @Option(names = "--webhook-url", paramLabel = "URL",
      description = "Also POST every change to this webhook endpoint, signed as Stripe signs webhooks (e.g. "
          + "http://127.0.0.1:8080/webhook, where listen serves). Needs --webhook-secret.")
  String webhookUrl;

  @Option(names = "--webhook-secret", paramLabel = "whsec_…",
      description = "The signing secret for --webhook-url: the STRIPE_WEBHOOK_SECRET the receiver verifies with.")
  String webhookSecret;

  EmulatorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    return serve(context.out(), new CountDownLatch(1), new CountDownLatch(1));
  }

  /** Starts, prints how to use it, counts down {@code ready}, then serves until {@code stop} is counted down. */
  int serve(PrintWriter out, CountDownLatch ready, CountDownLatch stop) throws IOException, InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
    }
    if (subscriptions < 0 || latencyMs < 0 || rps < 0) {
      throw new ParameterException(spec.commandLine(), "--subscriptions, --latency-ms and --rps cannot be negative");
    }
    URI webhookTarget = webhookTarget();
    try (StripeEmulator emulator = StripeEmulator.start(EmulatorOptions.defaults().withPort(port).withSeed(seed))) {
      Thread stopOnExit = new Thread(stop::countDown, "emulator-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      AccountGenerator.Summary account = AccountGenerator.generate(emulator.account(), subscriptions, seed);
      emulator.knobs().latency(Duration.ofMillis(latencyMs), Duration.ZERO).rateLimit(rps);

      out.printf("Stripe emulator at %s: %d customers, %d subscriptions (seed %d).%n",
          emulator.baseUrl(), account.customers(), account.subscriptions(), seed);
      if (describe != null) {
        StripeEmulatorMain.writeCsv(emulator.account(), describe);
        out.printf("Wrote the account's %d subscriptions to %s (CSV, one row each).%n", account.subscriptions(),
            describe);
      }
      out.println("Point the reconciler at it with:");
      out.println("  export STRIPE_API_BASE=" + emulator.baseUrl());
      out.println("  export STRIPE_SECRET_KEY=" + emulator.apiKey());
      out.println("  export PLAN_TIER_MAP='" + tierMap(account) + "'");
      if (webhookTarget != null) {
        // after generating, so the generated account's creation events are not sent
        emulator.sendWebhooks(webhookTarget.toString(), webhookSecret);
        String example = emulator.account().subscriptions().map(sub -> sub.id()).findFirst().orElse("sub_…");
        out.println("Sending each change as a signed webhook to " + webhookTarget + ". Change a subscription with:");
        out.println("  curl -sS -X POST " + emulator.baseUrl() + "/v1/test_helpers/subscriptions/" + example
            + "/change -u " + emulator.apiKey() + ": -d quantity=5");
        out.println("  (fields: price, quantity, status, cancel=now|at_period_end)");
      }
      out.println("Serving until stopped (Ctrl-C).");
      out.flush();
      ready.countDown();
      stop.await();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // stopped by Ctrl-C: the hook is running
      }
    }
    return 0;
  }

  /** The checked {@code --webhook-url}, or null without one; both options or neither. */
  private URI webhookTarget() {
    if (webhookUrl == null && webhookSecret == null) {
      return null;
    }
    if (webhookUrl == null || webhookSecret == null) {
      throw new ParameterException(spec.commandLine(), "--webhook-url and --webhook-secret go together");
    }
    if (!webhookSecret.startsWith("whsec_") || webhookSecret.length() == "whsec_".length()) {
      // the value is not echoed: it is a secret
      throw new ParameterException(spec.commandLine(), "--webhook-secret must be a webhook signing secret (whsec_…)");
    }
    try {
      URI target = new URI(webhookUrl);
      if (("http".equals(target.getScheme()) || "https".equals(target.getScheme())) && target.getHost() != null) {
        return target;
      }
    } catch (URISyntaxException e) {
      // one message below
    }
    throw new ParameterException(spec.commandLine(),
        "--webhook-url must be an http:// or https:// URL, e.g. http://127.0.0.1:8080/webhook; was " + webhookUrl);
  }

  /** The generated catalog's tiers by price id, the shape PLAN_TIER_MAP takes; the add-on marked not a plan (null). */
  private static String tierMap(AccountGenerator.Summary account) throws JsonProcessingException {
    Map<String, String> tiers = new TreeMap<>();
    account.catalog().stream()
        .filter(price -> price.planTier() != null || price.addOn())
        .forEach(price -> tiers.put(price.priceId(), price.planTier()));
    return ReportJson.mapper().writeValueAsString(tiers);
  }
}
