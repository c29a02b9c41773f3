package com.subscriptionreconciler.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Invokes the real handler locally with a JSON event file, the way {@code aws lambda invoke} would:
 *
 * <pre>java -cp subscription-reconciler-lambda.jar com.subscriptionreconciler.lambda.LocalInvoke event.json [response.json]</pre>
 *
 * <p>Configuration comes from the process environment exactly as in Lambda (docs/reference.md, Configuration). The
 * log lines and the EMF document go to stdout as in CloudWatch; the response (the run report) is written to
 * {@code response.json} when given, otherwise printed to stdout after the logs. A failed invocation prints Lambda's
 * error shape ({@code errorType}, {@code errorMessage}) to stderr and exits 1; a usage error exits 2. Docs:
 * {@code docs/local-invoke.md}.
 */
public final class LocalInvoke {
  static final int OK = 0;
  static final int INVOCATION_FAILED = 1;
  static final int USAGE = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalInvoke() {}

  public static void main(String[] args) {
    System.exit(run(args, ReconcilerHandler::new, System.out, System.err));
  }

  static int run(String[] args, Supplier<RequestStreamHandler> handler, PrintStream out, PrintStream err) {
    if (args.length < 1 || args.length > 2) {
      err.println("usage: LocalInvoke EVENT_JSON_FILE [RESPONSE_FILE]   (EVENT_JSON_FILE '-' reads stdin)");
      return USAGE;
    }
    byte[] event;
    try {
      event = "-".equals(args[0]) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(args[0]));
    } catch (IOException e) {
      err.println("cannot read event file " + args[0] + ": " + e.getMessage());
      return USAGE;
    }
    String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "subscription-reconciler");
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try {
      handler.get().handleRequest(new ByteArrayInputStream(event), response,
          LocalContext.of(UUID.randomUUID().toString(), functionName));
    } catch (Exception | Error e) {
      // what the Lambda runtime returns for an unhandled exception (no stack trace: it may be long and the
      // log lines already say what happened)
      err.println(JSON.createObjectNode().put("errorType", e.getClass().getName())
          .put("errorMessage", String.valueOf(e.getMessage())));
      return INVOCATION_FAILED;
    }
    if (args.length == 2) {
      try {
        Files.write(Path.of(args[1]), response.toByteArray());
      } catch (IOException e) {
        err.println("cannot write response file " + args[1] + ": " + e.getMessage());
        return USAGE;
      }
    } else {
      out.println(response.toString(StandardCharsets.UTF_8));
    }
    return OK;
  }
}
