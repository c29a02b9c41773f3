package com.subscriptionreconciler.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.app.Wiring;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.doctor.DoctorReport;
import com.subscriptionreconciler.observability.ReportLogView;
import com.subscriptionreconciler.observability.RunLogContext;
import com.subscriptionreconciler.observability.RunOutcomeLogger;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.run.NotResumableException;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.realtime.SqsBatches;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point ({@code com.subscriptionreconciler.lambda.ReconcilerHandler::handleRequest}).
 *
 * <p>A stream handler so the payload is validated strictly by our own parser before anything is touched. Returns
 * the run report (docs/reference.md, The run report). Outcome policy: {@code failed} fails the invocation (after the
 * report is logged and metrics are flushed) so Lambda's {@code Errors} alarm fires; {@code aborted} and
 * {@code partial} return the report normally and are alarmed through the
 * {@code Errors}/{@code RunAborted}/{@code RunSucceeded} metrics.
 *
 * <p>Resumable runs (docs/reference.md, Lambda payloads): the engine gets a deadline at 70% of the invocation's
 * remaining time; a full run that reaches it returns status {@code running} with {@code resumeRunId}, emits no
 * metrics yet (its final invocation reports the whole run), and is continued by the state machine invoking again
 * with that id. A {@code resumeRunId} that names no waiting run is rejected like an invalid payload.
 *
 * <p>The response is the report bounded to {@value #RESPONSE_MAX_BYTES} bytes whatever the run's size (at most
 * {@value #RESPONSE_MAX_DETAILS} entries of {@code details}, then {@code detailsTruncated}/{@code detailsTotal}),
 * so it always fits Step Functions' 256 KiB between states and a synchronous invoke's 6 MB. The full detail is in
 * {@code reconciliation_changes} ({@code show RUN_ID}); see docs/reference.md, Lambda payloads.
 */
public final class ReconcilerHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerHandler.class);
  /** The log field Powertools' JSON layout fills from the MDC. */
  static final String SERVICE_LOG_FIELD = "service";

  private final LambdaRuntime runtime;
  private final PayloadParser parser = new PayloadParser();
  /** Entities of {@code details} a response carries at most: a sample, not the record. */
  public static final int RESPONSE_MAX_DETAILS = 25;
  /** A response's size bound in bytes, well under the 64 KiB the response-size test holds it to. */
  public static final int RESPONSE_MAX_BYTES = 32 * 1024;

  private final RunOutcomeLogger outcomeLogger = new RunOutcomeLogger(ReportLogView.defaults());
  private final ReportLogView responseView = new ReportLogView(RESPONSE_MAX_DETAILS, RESPONSE_MAX_BYTES);
  /** The real-time path: SQS batches of Stripe events (see docs/reference.md, The real-time path). */
  private final EventBatchInvocation eventBatches;

  /** Used by Lambda: the process environment, the real Secrets Manager client, the shared runtime. */
  public ReconcilerHandler() {
    this(ExecutionEnvironment.RUNTIME);
  }

  /** The test seam: an explicit environment, Secrets Manager client and wiring. */
  public ReconcilerHandler(
      Map<String, String> environment, Supplier<SecretsManagerClient> secretsClient, Wiring wiring) {
    this(new LambdaRuntime(Environment.of(environment), secretsClient, wiring));
  }

  private ReconcilerHandler(LambdaRuntime runtime) {
    this.runtime = runtime;
    this.eventBatches = new EventBatchInvocation(runtime);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] payload = input.readAllBytes();
    // taken first thing, so the deadline counts from the invocation's start
    Deadline deadline =
        context == null ? Deadline.none() : Deadline.forLambda(context.getRemainingTimeInMillis(), Clock.systemUTC());
    long startedNanos = System.nanoTime();
    byte[] response = PowertoolsLogging.withLogging(context, () -> invoke(payload, deadline, startedNanos));
    output.write(response);
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private byte[] invoke(byte[] payload, Deadline deadline, long startedNanos) {
    // Powertools names the service from POWERTOOLS_SERVICE_NAME only and writes "service_undefined" without it
    // (a local invoke, a test); the log lines then disagree with the metrics' Service dimension. One name for both.
    MDC.put(SERVICE_LOG_FIELD, runtime.service());
    if (DoctorPayload.is(payload)) {
      DoctorReport doctor = runtime.doctor();
      ObjectNode response = DoctorPayload.response(doctor, runtime.schemaMap());
      // concatenated: with a {} placeholder log4j counts the structured field as a surplus argument and warns
      LOG.info("Doctor finished: passed=" + doctor.passed(),
          json(DoctorPayload.SCHEMA_MAP_FIELD, response.get(DoctorPayload.SCHEMA_MAP_FIELD).toString()));
      return response.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (SqsBatches.isSqsBatch(payload)) {
      return eventBatches.handle(payload);
    }
    RunRequest request;
    Optional<String> account;
    try {
      PayloadParser.Invocation invocation = parser.parseInvocation(payload);
      request = invocation.request();
      account = invocation.account();
    } catch (InvalidPayloadException e) {
      LOG.warn("Invalid payload, nothing was run: {}", e.getMessage());
      throw e;
    }
    LOG.info("Reconciliation requested", entry("trigger", request.trigger().wireName()),
        entry("mode", request.mode().wireName()), entry("dryRun", request.dryRun()),
        entry("force", request.force()), entry("targeted", request.targeted()),
        entry("account", account.orElse(null)));

    LambdaRuntime.Dependencies dependencies;
    try {
      dependencies = runtime.dependencies();
      if (account.isPresent()) {
        checkAccount(dependencies.config(), account.get());
        dependencies = runtime.dependencies(account);
      }
    } catch (InvalidPayloadException e) {
      throw e;
    } catch (RuntimeException e) {
      // configuration, secrets or engine construction: messages are secret-free by construction
      LOG.error("Reconciliation failed before it started: {}", e.getMessage());
      runtime.metrics().recordCrash(millisSince(startedNanos));
      throw e;
    }

    RunReport report;
    try {
      report = dependencies.engine().run(request, deadline);
    } catch (NotResumableException e) {
      // resumeRunId names no waiting run: a usage error, nothing was run or changed
      LOG.warn("Invalid payload, nothing was run: {}", e.getMessage());
      throw new InvalidPayloadException(e.getMessage());
    } catch (RuntimeException e) {
      outcomeLogger.logCrash(e);
      runtime.metrics().recordCrash(millisSince(startedNanos));
      throw new ReconciliationFailedException("Reconciliation failed: the engine stopped with "
          + e.getClass().getSimpleName() + " (see the log line 'Reconciliation failed')");
    }

    try (RunLogContext ignored = RunLogContext.bind(report.runId())) {
      outcomeLogger.log(report);
      if (report.runStatus() != RunStatus.RUNNING) {
        // a paused run's report is cumulative and its final report counts everything: metrics only once, then
        runtime.metrics().record(report, millisSince(startedNanos));
      } else {
        runtime.metrics().recordPause(report.runId());
      }
    }
    if (report.runStatus() == RunStatus.FAILED) {
      throw new ReconciliationFailedException("Reconciliation run " + report.runId() + " failed"
          + (report.error() == null ? "" : ": " + report.error()));
    }
    return responseView.render(report).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An account this deployment does not have is the payload's mistake: rejected, nothing run. */
  private static void checkAccount(ReconcilerConfig config, String account) {
    try {
      config.forAccount(account);
    } catch (ConfigurationException e) {
      LOG.warn("Invalid payload, nothing was run: {}", e.getMessage());
      throw new InvalidPayloadException(e.getMessage());
    }
  }

  /**
   * Lazy holder: the runtime for the no-arg constructor is created when Lambda first instantiates the handler and
   * survives warm invocations. Creating it opens no connection; see {@link LambdaRuntime}.
   */
  private static final class ExecutionEnvironment {
    private static final Environment ENV = Environment.system();
    static final LambdaRuntime RUNTIME =
        new LambdaRuntime(ENV, () -> SecretsManagerClientFactory.create(ENV), ProductionWiring::create);
  }
}
