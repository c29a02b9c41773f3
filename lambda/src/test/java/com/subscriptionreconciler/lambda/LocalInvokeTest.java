package com.subscriptionreconciler.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInvokeTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Answers with the bytes it was given and the request id, so the test sees what the handler received. */
  final RequestStreamHandler echo = (input, output, context) -> output.write(
      ("{\"got\":" + new String(input.readAllBytes(), StandardCharsets.UTF_8) + ",\"requestId\":\""
          + context.getAwsRequestId() + "\"}").getBytes(StandardCharsets.UTF_8));

  int run(RequestStreamHandler handler, String... args) {
    return LocalInvoke.run(args, () -> handler, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  Path event(String json) throws Exception {
    return Files.writeString(dir.resolve("event.json"), json);
  }

  @Test
  void handsTheFileToTheHandlerAndPrintsItsResponse() throws Exception {
    int exit = run(echo, event("{\"dryRun\":true}").toString());

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("{\"got\":{\"dryRun\":true},\"requestId\":\"").endsWith("\"}" + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void writesTheResponseToAFileLikeAwsLambdaInvoke() throws Exception {
    Path response = dir.resolve("response.json");

    assertThat(run(echo, event("{}").toString(), response.toString())).isZero();

    assertThat(Files.readString(response)).startsWith("{\"got\":{},");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aFailedInvocationPrintsLambdasErrorShapeAndExitsNonZero() throws Exception {
    var handler = new ReconcilerHandler(Map.of(), () -> {
      throw new AssertionError("no secret may be read for an invalid payload");
    }, config -> {
      throw new AssertionError("no engine may be built for an invalid payload");
    });

    int exit;
    try (CapturedOutput logs = CapturedOutput.start()) {
      exit = run(handler, event("{\"mode\":\"sideways\"}").toString());
    }

    assertThat(exit).isEqualTo(LocalInvoke.INVOCATION_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "\"errorType\":\"com.subscriptionreconciler.lambda.InvalidPayloadException\"",
        "\"errorMessage\":\"unknown mode 'sideways' (expected full or incremental)\"");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aMissingEventFileIsAUsageError() {
    assertThat(run(echo, dir.resolve("nope.json").toString())).isEqualTo(LocalInvoke.USAGE);
    assertThat(run(echo)).isEqualTo(LocalInvoke.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read event file", "usage: LocalInvoke");
  }
}
