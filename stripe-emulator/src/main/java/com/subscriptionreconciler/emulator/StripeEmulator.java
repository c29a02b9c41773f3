package com.subscriptionreconciler.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful Stripe API emulator on 127.0.0.1, for the real stripe-java client:
 *
 * <pre>{@code
 * try (StripeEmulator emulator = StripeEmulator.start()) {
 *   emulator.account().createCustomer("a@example.com", Map.of());
 *   StripeClient client = StripeClient.builder()
 *       .setApiKey(emulator.apiKey()).setApiBase(emulator.baseUrl()).build();
 * }
 * }</pre>
 */
public final class StripeEmulator implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService delayer;
  private final EmulatorOptions options;
  private final EmulatedAccount account;
  private final Knobs knobs;
  private final RequestCounters counters = new RequestCounters();
  private final HttpFrontEnd frontEnd;
  private volatile WebhookSender webhooks;

  private StripeEmulator(EmulatorOptions options, InetAddress bindAddress) throws IOException {
    this.options = options;
    AccountStore store = new AccountStore();
    this.account = new EmulatedAccount(store, options.seed(), options.clockStart());
    this.knobs = new Knobs(options.seed());
    Set<String> keys = new HashSet<>(options.extraApiKeys());
    keys.add(options.apiKey());
    this.workers = Executors.newFixedThreadPool(options.threads(), daemon("stripe-emulator-worker"));
    this.delayer = Executors.newScheduledThreadPool(2, daemon("stripe-emulator-delay"));
    this.server = HttpServer.create(
        new InetSocketAddress(bindAddress, options.port()), 1024);
    this.frontEnd = new HttpFrontEnd(new ApiRouter(store, account), knobs, counters, keys, delayer);
    server.createContext("/", frontEnd);
    server.setExecutor(workers);
    server.start();
  }

  public static StripeEmulator start() {
    return start(EmulatorOptions.defaults());
  }

  public static StripeEmulator start(EmulatorOptions options) {
    return start(options, InetAddress.getLoopbackAddress());
  }

  /**
   * As {@link #start(EmulatorOptions)}, listening on {@code bindAddress}: e.g. {@code 0.0.0.0} so that a Lambda
   * container on a Docker network (the LocalStack recipe) can reach it. Only for trusted networks: the emulator
   * has no real authentication.
   */
  public static StripeEmulator start(EmulatorOptions options, InetAddress bindAddress) {
    try {
      return new StripeEmulator(options, bindAddress);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Stripe emulator", e);
    }
  }

  /** The address it listens on (loopback unless started with another bind address). */
  public InetAddress bindAddress() {
    return server.getAddress().getAddress();
  }

  /** E.g. {@code http://127.0.0.1:54321}: give it to stripe-java as the API base. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String apiKey() {
    return options.apiKey();
  }

  public EmulatedAccount account() {
    return account;
  }

  /**
   * A further Stripe account on the same port, opened by {@code apiKey} (a deployment with several Stripe
   * accounts, one key each): its own customers, prices, subscriptions and events, its ids drawn from {@code seed}
   * (give each account its own, so their ids differ). The knobs (latency, rate limits, faults), the counters and
   * webhooks stay the emulator's, shared by every account.
   */
  public EmulatedAccount addAccount(String apiKey, long seed) {
    AccountStore store = new AccountStore();
    EmulatedAccount added = new EmulatedAccount(store, seed, options.clockStart());
    frontEnd.addAccount(apiKey, new ApiRouter(store, added));
    return added;
  }

  public Knobs knobs() {
    return knobs;
  }

  public RequestCounters counters() {
    return counters;
  }

  /**
   * The webhook knob: from now on every event the account records is also POSTed, signed with {@code secret}
   * ({@code whsec_…}) as Stripe signs webhooks, to {@code targetUrl} (e.g. {@code http://127.0.0.1:8080/webhook}).
   * Call again to retarget; {@link #stopWebhooks()} stops.
   */
  public synchronized StripeEmulator sendWebhooks(String targetUrl, String secret) {
    stopWebhooks();
    WebhookSender sender = new WebhookSender(java.net.URI.create(targetUrl), secret, java.time.Clock.systemUTC());
    webhooks = sender;
    account.onEvent(event -> sender.send(account.eventJson(event.id())));
    return this;
  }

  public synchronized void stopWebhooks() {
    account.onEvent(null);
    if (webhooks != null) {
      webhooks.close();
      webhooks = null;
    }
  }

  /** Webhook deliveries answered 2xx so far (0 without {@link #sendWebhooks}). */
  public long webhooksDelivered() {
    WebhookSender sender = webhooks;
    return sender == null ? 0 : sender.delivered();
  }

  /**
   * Waits until the current webhook target answered at least {@code delivered} deliveries 2xx and refused (or
   * could not be reached for) at least {@code failed}: what a test waits on instead of polling the counters.
   *
   * @return false when {@code timeout} ran out first
   * @throws IllegalStateException without {@link #sendWebhooks}
   */
  public boolean awaitWebhooks(long delivered, long failed, java.time.Duration timeout) throws InterruptedException {
    WebhookSender sender = webhooks;
    if (sender == null) {
      throw new IllegalStateException("no webhook target: call sendWebhooks first");
    }
    return sender.await(delivered, failed, timeout);
  }

  /** Webhook deliveries refused (non-2xx) or unreachable so far (0 without {@link #sendWebhooks}). */
  public long webhooksFailed() {
    WebhookSender sender = webhooks;
    return sender == null ? 0 : sender.failed();
  }

  // Shortcuts for the counters most tests assert on.

  public long requestCount(String endpoint) {
    return counters.requestCount(endpoint);
  }

  public long totalRequests() {
    return counters.totalRequests();
  }

  public long writeAttempts() {
    return counters.writeAttempts();
  }

  /** Resets the counters (and with them the numbering that {@code failRequests}/{@code dropRequests} use). */
  public void resetCounters() {
    counters.reset();
  }

  @Override
  public void close() {
    stopWebhooks();
    server.stop(0);
    delayer.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
