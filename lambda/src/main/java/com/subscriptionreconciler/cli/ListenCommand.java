package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.db.LiveRowGuard;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.EventRouter;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.RoutedEventBatches;
import com.subscriptionreconciler.realtime.StripeEventSources;
import com.subscriptionreconciler.realtime.WebhookEndpoints;
import com.subscriptionreconciler.realtime.WebhookReceiver;
import com.subscriptionreconciler.realtime.WebhookSecretCache;
import com.subscriptionreconciler.run.Engine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code listen}: the real-time path on this machine. Receives signed Stripe webhooks on 127.0.0.1 and reconciles
 * the objects they name, batch by batch, until stopped (Ctrl-C).
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the webhook receiver and the event consumer in one process: POST Stripe events to"
            + " http://127.0.0.1:PORT/ or /webhook, e.g. stripe listen --forward-to localhost:8080/webhook.",
        "Needs the database and Stripe configuration of 'reconcile', plus STRIPE_WEBHOOK_SECRET (the whsec_ that"
            + " 'stripe listen' prints) or STRIPE_WEBHOOK_SECRET_ID. With STRIPE_ACCOUNTS, each account's events"
            + " are POSTed to /webhook/LABEL, verified with that account's webhookSecret. See docs/reference.md,"
            + " The real-time path."})
final class ListenCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Local port (default 8080).")
  int port;

  @Option(names = "--batch-size", defaultValue = "100", paramLabel = "N",
      description = "Most events per reconciliation (default 100).")
  int batchSize;

  @Option(names = "--batch-window-ms", defaultValue = "100", paramLabel = "MS",
      description = "How long a batch waits for more events after its first (default 100).")
  long batchWindowMs;

  ListenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new ParameterException(spec.commandLine(), "--batch-size must be between 1 and 10000, was " + batchSize);
    }
    if (batchWindowMs < 0 || batchWindowMs > 300_000) {
      throw new ParameterException(spec.commandLine(), "--batch-window-ms must be between 0 and 300000");
    }
    ReconcilerConfig config = context.reconcilerConfig();
    LiveRowGuard.require(config.database(), config.schemaMap());
    Map<String, WebhookReceiver.Endpoint> endpoints = endpoints(context, Clock.systemUTC());
    Optional<EventRouter> router = EventRouter.fromEnvironment(context.env());
    Map<String, Engine> engines = new ConcurrentHashMap<>();
    LocalListener.Batching batching = new LocalListener.Batching(batchSize, Duration.ofMillis(batchWindowMs));
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalListener listener = router.isPresent()
        // one run per account per batch, each account's engine built on its first event
        ? LocalListener.start(port, endpoints, new RoutedEventBatches(router.get(), label -> {
            ReconcilerConfig account = config.forAccount(label);
            return consumer(engines.computeIfAbsent(label, l -> engine(account)), account,
                router.get().sourcesOf(label));
          }), batching, this::printBatch)
        : LocalListener.start(port, endpoints, consumer(engines.computeIfAbsent("", l -> engine(config)), config,
            StripeEventSources.anyStripeSource()), batching, this::printBatch)) {
      context.out().println("Listening on http://127.0.0.1:" + listener.port() + "/webhook (and /)"
          + (router.isPresent() ? ", each account's events on /webhook/<label> (and /<label>)" : "")
          + "; Ctrl-C stops.");
      context.out().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    } finally {
      for (Engine engine : engines.values()) {
        if (engine instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    }
    return 0;
  }

  private Engine engine(ReconcilerConfig config) {
    return context.seams().wiring().create(config);
  }
  /**
   * The signing secrets are read now, so a missing one stops {@code listen} before it serves anything, and then
   * kept as the Lambda receiver keeps them: re-read every 5 minutes, and after a signature that matches none of
   * them (at most every 30 s), so a secret rotated while {@code listen} runs is picked up without a restart.
   */
  static Map<String, WebhookReceiver.Endpoint> endpoints(CliContext context, Clock clock) {
    return WebhookEndpoints.of(context.env(), context.secrets(), clock, LocalListener.ROOTS,
        loader -> WebhookSecretCache.readNow(loader, clock));
  }


  private static EventBatchConsumer consumer(Engine engine, ReconcilerConfig config,
      StripeEventSources sources) {
    return new EventBatchConsumer(engine, StripeKeyMode.of(config.stripe().apiKey()), sources);
  }

  private void printBatch(EventBatchConsumer.BatchOutcome outcome) {
    String account = outcome.report() == null || outcome.report().account() == null
        ? "" : "account " + outcome.report().account() + ", ";
    context.out().printf("batch: %s%d events, %d applied, %d skipped, %d of connected accounts skipped,"
        + " %d unhandled, %d to retry%s%n", account,
        outcome.received(), outcome.applied(), outcome.skipped(), outcome.connectedAccountSkipped(),
        outcome.unhandled(),
        outcome.failedMessageIds().size(), outcome.report() == null ? "" : " (run " + outcome.report().runId()
            + ", " + outcome.report().status().wireName() + ")");
    context.out().flush();
  }
}
