package com.subscriptionreconciler.coldstart;

import com.subscriptionreconciler.lambda.ReconcilerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures a cold start the way Lambda splits it, on the Lambda jar alone (plus this class): {@code init} is JVM
 * start to the handler constructed (Lambda's "Init Duration"); {@code first} and {@code warm} are the first and
 * second {@code handleRequest} (the first one also builds config, secrets, pool and Stripe client, lazily);
 * {@code run} is the engine's own {@code durationMs} from each report. Prints one JSON line to stderr; the
 * handler's logs go to stdout as in CloudWatch. Deliberately uses only JDK and Lambda-jar classes.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long mainEntered = System.currentTimeMillis();
    ReconcilerHandler handler = new ReconcilerHandler();
    long constructed = System.currentTimeMillis();
    String first = invoke(handler, "probe-1");
    long firstDone = System.currentTimeMillis();
    String second = invoke(handler, "probe-2");
    long secondDone = System.currentTimeMillis();
    System.err.printf(
        "{\"jvmToMain\":%d,\"init\":%d,\"first\":%d,\"firstRun\":%s,\"warm\":%d,\"warmRun\":%s,"
            + "\"jvmToEndOfFirst\":%d}%n",
        mainEntered - jvmStart, constructed - jvmStart, firstDone - constructed, durationMs(first),
        secondDone - firstDone, durationMs(second), firstDone - jvmStart);
  }

  private static String invoke(ReconcilerHandler handler, String requestId) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), response,
        com.subscriptionreconciler.lambda.LocalContext.of(requestId));
    return response.toString(StandardCharsets.UTF_8);
  }

  /** The report's durationMs, found without a JSON library so the probe loads nothing the handler would not. */
  private static String durationMs(String report) {
    int at = report.indexOf("\"durationMs\":");
    if (at < 0) {
      return "null";
    }
    int start = at + "\"durationMs\":".length();
    int end = start;
    while (end < report.length() && Character.isDigit(report.charAt(end))) {
      end++;
    }
    return report.substring(start, end);
  }

}
