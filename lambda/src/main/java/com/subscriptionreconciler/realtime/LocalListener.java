package com.subscriptionreconciler.realtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time path in one process, for {@code listen} and the demo: the webhook receiver on a local HTTP port
 * ({@code POST /} and {@code POST /webhook}, so {@code stripe listen --forward-to localhost:8080/webhook} works), an
 * in-process queue, and one consumer thread running a targeted reconciliation per batch — the same receiver and
 * consumer code as in AWS. A failed message is retried {@value #MAX_RECEIVES} times in all, then logged as dead.
 */
public final class LocalListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalListener.class);
  static final int MAX_RECEIVES = 5;
  /** The paths of the default endpoint; with {@code STRIPE_ACCOUNTS} each account's is under both. */
  public static final List<String> ROOTS = List.of("/", "/webhook");

  private final HttpServer server;
  private final ExecutorService http;
  private final Thread consumerThread;
  private final InProcessEventQueue queue;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean running = true;

  /** How batches are formed: at most {@code maxBatch} messages, waiting at most {@code window} after the first. */
  public record Batching(int maxBatch, Duration window) {
    public static Batching defaults() {
      return new Batching(100, Duration.ofMillis(100));
    }
  }

  private LocalListener(HttpServer server, ExecutorService http, InProcessEventQueue queue,
      Function<List<EventBatchConsumer.QueuedMessage>, List<EventBatchConsumer.BatchOutcome>> consumer,
      Batching batching, Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    this.server = server;
    this.http = http;
    this.queue = queue;
    this.consumerThread = new Thread(() -> consume(consumer, batching, onBatch), "realtime-consumer");
    this.consumerThread.setDaemon(true);
  }

  /**
   * Starts listening on {@code 127.0.0.1:port} (0 picks a free port).
   *
   * @param onBatch told about every batch (the CLI prints a line per batch)
   */
  public static LocalListener start(int port, WebhookVerifier verifier, EventBatchConsumer consumer, Batching batching,
      Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    return start(port, WebhookEndpoints.single(verifier, ROOTS), consumer, batching, onBatch);
  }

  /** One account: every endpoint's events go to {@code consumer}. */
  public static LocalListener start(int port, Map<String, WebhookReceiver.Endpoint> endpoints,
      EventBatchConsumer consumer, Batching batching, Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    return start(port, endpoints, messages -> List.of(consumer.consume(messages)), batching, onBatch);
  }

  /**
   * With {@code STRIPE_ACCOUNTS}: each account's endpoint ({@link WebhookEndpoints}, e.g. {@code /webhook/eu}) and
   * one run per account per batch ({@link RoutedEventBatches}); {@code onBatch} is told about each account's part.
   */
  public static LocalListener start(int port, Map<String, WebhookReceiver.Endpoint> endpoints,
      RoutedEventBatches batches, Batching batching, Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    return start(port, endpoints,
        messages -> batches.consume(messages).stream().map(RoutedEventBatches.Part::outcome).toList(), batching,
        onBatch);
  }

  private static LocalListener start(int port, Map<String, WebhookReceiver.Endpoint> endpoints,
      Function<List<EventBatchConsumer.QueuedMessage>, List<EventBatchConsumer.BatchOutcome>> consumer,
      Batching batching, Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    // the JDK server writes headers and body separately; without TCP_NODELAY every answer waits ~40 ms for a
    // delayed ACK, which caps one sender at ~25 deliveries a second. Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    InProcessEventQueue queue = new InProcessEventQueue();
    WebhookReceiver receiver = new WebhookReceiver(endpoints, queue);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    ExecutorService http = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "realtime-receiver");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", exchange -> answer(exchange, receiver));
    server.setExecutor(http);
    LocalListener listener = new LocalListener(server, http, queue, consumer, batching, onBatch);
    server.start();
    listener.consumerThread.start();
    return listener;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Events whose objects were reconciled so far. */
  public long applied() {
    return applied.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  private static void answer(HttpExchange exchange, WebhookReceiver receiver) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readNBytes(WebhookReceiver.MAX_BODY_BYTES + 1);
      WebhookReceiver.Response response = receiver.receive(exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Stripe-Signature"), body);
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void consume(Function<List<EventBatchConsumer.QueuedMessage>, List<EventBatchConsumer.BatchOutcome>> consumer,
      Batching batching, Consumer<EventBatchConsumer.BatchOutcome> onBatch) {
    Map<String, Integer> receives = new HashMap<>();
    long sequence = 0;
    while (running) {
      List<String> bodies;
      try {
        bodies = queue.nextBatch(batching.maxBatch(), batching.window(), Duration.ofMillis(200));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (bodies.isEmpty()) {
        continue;
      }
      Map<String, String> byId = new HashMap<>();
      List<EventBatchConsumer.QueuedMessage> messages = new java.util.ArrayList<>();
      for (String body : bodies) {
        String id = "local-" + (++sequence);
        byId.put(id, body);
        messages.add(new EventBatchConsumer.QueuedMessage(id, body));
      }
      List<EventBatchConsumer.BatchOutcome> outcomes;
      try {
        outcomes = consumer.apply(messages);
      } catch (RuntimeException e) {
        LOG.error("Event batch failed; its messages will be retried", e);
        outcomes = List.of(new EventBatchConsumer.BatchOutcome(List.copyOf(byId.keySet()), messages.size(), 0, 0, 0,
            List.of(), null));
      }
      for (EventBatchConsumer.BatchOutcome outcome : outcomes) {
        applied.addAndGet(outcome.applied());
        for (String failed : outcome.failedMessageIds()) {
          String body = byId.get(failed);
          int count = receives.merge(body, 1, Integer::sum);
          if (count >= MAX_RECEIVES) {
            receives.remove(body);
            deadLettered.incrementAndGet();
            LOG.error("Event message failed {} times and is dropped (a dead letter): {}", MAX_RECEIVES, body);
          } else {
            queue.requeue(body);
          }
        }
        onBatch.accept(outcome);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    server.stop(0);
    http.shutdownNow();
    consumerThread.interrupt();
    try {
      consumerThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
