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
    StringWriter printed = new StringWriter();
    EmulatorCommand command = new EmulatorCommand(null);
    new CommandLine(command).parseArgs("--port", "0", "--subscriptions", "7", "--seed", "3");
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = thread.submit(() -> command.serve(new PrintWriter(printed, true), ready, stop));
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("emulator started").isTrue();

      Map<String, String> exports = exports(printed.toString());
      assertThat(exports).containsOnlyKeys("STRIPE_API_BASE", "STRIPE_SECRET_KEY", "PLAN_TIER_MAP");
      assertThat(exports.get("STRIPE_API_BASE")).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(printed.toString()).startsWith("Stripe emulator at " + exports.get("STRIPE_API_BASE") + ": ")
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

      stop.countDown();
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    } finally {
      stop.countDown();
      thread.shutdownNow();
    }
  }

  @Test
  void aBadPortIsAUsageError() {
    Cli.Result result = new Cli().run(Map.of(), "emulator", "--port", "70000");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--port must be between 0 and 65535, was 70000");
  }

  private static Map<String, String> exports(String output) {
    Map<String, String> exports = new java.util.HashMap<>();
    Matcher m = EXPORT.matcher(output);
    while (m.find()) {
      exports.put(m.group(1), m.group(2));
    }
    return exports;
  }
}
