package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.subscriptionreconciler.testing.CapturedOutput;
import com.subscriptionreconciler.testing.Reports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md, Configuration: a Stripe key never appears in a log line, report, exception message or metric.
 * Runs the handler with known canary secrets through every outcome (success, failed run, crash, bad payload, bad
 * configuration, DEBUG logging) and scans everything it produced: stdout (logs and EMF), responses, exceptions with
 * their stack traces.
 */
class SecretLeakTest extends HandlerTestSupport {
  private final StringBuilder produced = new StringBuilder();

  private void invokeAndCollect(ReconcilerHandler target, String payload) {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    CapturedOutput out = CapturedOutput.start();
    Throwable thrown;
    try {
      thrown = catchThrowable(() -> target.handleRequest(
          new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), response, LocalContext.of("leak")));
    } finally {
      out.close();
    }
    produced.append(out.raw()).append(response.toString(StandardCharsets.UTF_8));
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      produced.append(thrown).append(trace);
    }
  }

  @Test
  void noOutcomeEverPrintsTheStripeKeyOrTheDatabasePassword() {
    Map<String, String> debug = environment();
    debug.put("LOG_LEVEL", "DEBUG");
    ReconcilerHandler verbose = handler(debug);

    invokeAndCollect(verbose, "{\"dryRun\":true}");
    outcome = request -> Reports.report(request, "run_f", "failed", 3);
    invokeAndCollect(verbose, "{}");
    outcome = request -> {
      throw new IllegalStateException("engine crashed");
    };
    invokeAndCollect(verbose, "{}");
    invokeAndCollect(verbose, "{\"mode\":\"sideways\"}");

    Map<String, String> malformed = environment();
    malformed.remove("STRIPE_SECRET_ID");
    malformed.put("STRIPE_SECRET_KEY", "pk_" + STRIPE_KEY);
    invokeAndCollect(handler(malformed), "{}");
    secretsManager.put("prod/stripe-bad-json", "{\"STRIPE_SECRET_KEY\":\"" + STRIPE_KEY + "\"");
    Map<String, String> badJson = environment();
    badJson.put("STRIPE_SECRET_ID", "prod/stripe-bad-json");
    invokeAndCollect(handler(badJson), "{}");

    assertThat(produced.toString())
        .as("everything produced must have been captured for the scan to mean anything")
        .contains("Reconciliation completed", "Reconciliation failed", "RunFailed", "Invalid payload",
            "does not look like a Stripe secret key", "neither a Stripe key nor valid JSON")
        .doesNotContain(STRIPE_KEY)
        .doesNotContain(STRIPE_KEY.substring(8))
        .doesNotContain(DB_PASSWORD);
  }
}
