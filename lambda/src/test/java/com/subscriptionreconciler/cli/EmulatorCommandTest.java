package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionListParams;
import com.fasterxml.jackson.core.type.TypeReference;
import com.subscriptionreconciler.report.ReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code emulator} prints what a newcomer needs to point the reconciler at it, and what it prints works: the real
 * stripe-java client, given the printed base URL and key, lists exactly the generated subscriptions.
 */
class EmulatorCommandTest {
  private static final Pattern EXPORT = Pattern.compile("^  export (\\w+)='?(.*?)'?$", Pattern.MULTILINE);

  @Test
  void printsTheBaseUrlKeyAndTierMapThatReachTheGeneratedAccount() throws Exception {
    whileServing(List.of("--port", "0", "--subscriptions", "7", "--seed", "3"), printed -> {
      Map<String, String> exports = exports(printed);
      assertThat(exports).containsOnlyKeys("STRIPE_API_BASE", "STRIPE_SECRET_KEY", "PLAN_TIER_MAP");
      assertThat(exports.get("STRIPE_API_BASE")).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(printed).startsWith("Stripe emulator at " + exports.get("STRIPE_API_BASE") + ": ")
          .contains("7 subscriptions (seed 3)");

      StripeClient stripe = StripeClient.builder()
          .setApiKey(exports.get("STRIPE_SECRET_KEY"))
          .setApiBase(exports.get("STRIPE_API_BASE"))
          .build();
      List<Subscription> listed = new ArrayList<>();
      stripe.v1().subscriptions()
          .list(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).build())
          .autoPagingIterable().forEach(listed::add);
      assertThat(listed).hasSize(7);
      Map<String, String> tiers =
          ReportJson.mapper().readValue(exports.get("PLAN_TIER_MAP"), new TypeReference<Map<String, String>>() {});
      assertThat(tiers).isNotEmpty();
      assertThat(tiers.values()).as("the Extra seats add-on is marked not a plan").containsNull()
          .doesNotContain("addon");
      assertThat(listed).allSatisfy(subscription -> assertThat(subscription.getItems().getData())
          .anySatisfy(item -> assertThat(tiers).containsKey(item.getPrice().getId())));
    });
  }

  @Test
  void describeWritesOneRowPerGeneratedSubscription(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path csv = dir.resolve("account.csv");

    String printed = whileServing(List.of("--port", "0", "--subscriptions", "5", "--seed", "9", "--describe",
        csv.toString()), whileUp -> { });

    List<String> lines = java.nio.file.Files.readAllLines(csv);
    assertThat(lines.get(0)).startsWith("subscription_id,customer_id,organization_id,price_id,");
    assertThat(lines).hasSize(1 + 5);
    assertThat(lines.subList(1, lines.size())).allSatisfy(row -> assertThat(row).matches("sub_\\w+,cus_\\w+,.*"));
    assertThat(printed).contains("Wrote the account's 5 subscriptions to " + csv);
  }

  /**
   * Runs the command with {@code args} until it is ready, then {@code whileUp} with what it printed so far, then
   * stops it; returns all it printed.
   */
  static String whileServing(List<String> args, WhileUp whileUp) throws Exception {
    StringWriter printed = new StringWriter();
    EmulatorCommand command = new EmulatorCommand(null);
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = thread.submit(() -> command.serve(new PrintWriter(printed, true), ready, stop));
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("emulator started").isTrue();
      whileUp.check(printed.toString());
      stop.countDown();
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
      return printed.toString();
    } finally {
      stop.countDown();
      thread.shutdownNow();
    }
  }

  @FunctionalInterface
  interface WhileUp {
    void check(String printedSoFar) throws Exception;
  }

  @Test
  void aBadPortIsAUsageError() {
    Cli.Result result = new Cli().run(Map.of(), "emulator", "--port", "70000");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--port must be between 0 and 65535, was 70000");
  }

  static Map<String, String> exports(String output) {
    Map<String, String> exports = new java.util.HashMap<>();
    Matcher m = EXPORT.matcher(output);
    while (m.find()) {
      exports.put(m.group(1), m.group(2));
    }
    return exports;
  }
}
