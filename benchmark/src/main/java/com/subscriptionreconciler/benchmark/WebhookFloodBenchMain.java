package com.subscriptionreconciler.benchmark;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeKeyMode;
import com.subscriptionreconciler.lambda.WebhookReceiverHandler;
import com.subscriptionreconciler.realtime.EventBatchConsumer;
import com.subscriptionreconciler.realtime.LocalListener;
import com.subscriptionreconciler.realtime.WebhookVerifier;
import com.subscriptionreconciler.run.Engine;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A flood of anonymous requests against the public webhook receiver: {@code --rate} requests a second for
 * {@code --seconds}, open loop (sent on schedule whether or not earlier ones were answered), in an even mix of the
 * ways a stranger can knock: no signature, a malformed one ({@code t=abc,v1=00}), a well-formed one under the wrong
 * secret with a fresh timestamp (the full HMAC path, and the re-read of the secret a mismatch may trigger), a stale
 * one, garbage, and a {@code GET} of another path. Two targets, one after the other:
 *
 * <ul>
 *   <li>{@code listen}: the local receiver over HTTP on 127.0.0.1 (JDK client → JDK server), its queue and consumer
 *       over an engine that counts runs. CPU is the receiver's own threads' ({@code realtime-receiver},
 *       {@code HTTP-Dispatcher});
 *   <li>{@code handler}: the Lambda receiver handler called in-process as a function URL would, with the real AWS SDK
 *       against a counting loopback stand-in for Secrets Manager and SQS. CPU is the calling thread's per call.
 * </ul>
 *
 * <p>Each target first gets {@code --warmup-seconds} (5) of the same flood, not measured, so the figures are the
 * warm receiver's. Pass (exit 0): nothing enqueued, no engine run, no 5xx, no failed request. Prints one RESULT line per
 * target with the cost per rejected request: CPU µs, latency p50/p99, Secrets Manager calls.
 *
 * <pre>
 * java -cp … com.subscriptionreconciler.benchmark.WebhookFloodBenchMain --rate 2000 --seconds 30
 * </pre>
 */
public final class WebhookFloodBenchMain {
  private static final String SECRET = "whsec_benchmark_flood_receiver_0123456789";
  private static final String ATTACKER_SECRET = "whsec_benchmark_flood_attacker_9876543210";
  private static final String SECRET_ID = "bench/stripe-webhook";
  /** A realistic body: a Stripe event of about 1.5 KB, so the HMAC of a wrong signature costs what it would. */
  private static final String BODY = "{\"id\":\"evt_1FloodBench00000000000001\",\"object\":\"event\","
      + "\"api_version\":\"2025-03-31.basil\",\"created\":1764500000,\"data\":{\"object\":{\"id\":"
      + "\"sub_1FloodBench000000000001\",\"object\":\"subscription\",\"customer\":\"cus_FloodBench000001\","
      + "\"status\":\"active\",\"metadata\":{\"note\":\"" + "x".repeat(1200) + "\"}}},\"livemode\":false,"
      + "\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},"
      + "\"type\":\"customer.subscription.updated\"}";

  private WebhookFloodBenchMain() {}

  /** The ways in; the i-th request of the flood is of kind {@code i % 6}. */
  enum Kind { UNSIGNED, MALFORMED, WRONG_SECRET, STALE, GARBAGE, OTHER_PATH }

  /** One anonymous request. */
  record Knock(String method, String path, String signature, String body) {
    static Knock of(Kind kind, long nowSeconds) {
      return switch (kind) {
        case UNSIGNED -> new Knock("POST", "/", null, BODY);
        case MALFORMED -> new Knock("POST", "/", "t=abc,v1=00", BODY);
        case WRONG_SECRET -> new Knock("POST", "/", signed(ATTACKER_SECRET, nowSeconds), BODY);
        case STALE -> new Knock("POST", "/", signed(SECRET, nowSeconds - 600), BODY);
        case GARBAGE -> new Knock("POST", "/", "garbage", "\u0000not json at all");
        case OTHER_PATH -> new Knock("GET", "/favicon.ico", null, "");
      };
    }
  }

  static String signed(String secret, long timestamp) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + BODY).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What one target did under the flood. */
  static final class Tally {
    final long[] latencies;
    final AtomicInteger answered = new AtomicInteger();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final LongAdder exceptions = new LongAdder();
    final LongAdder shed = new LongAdder();
    final LongAdder cpuNanos = new LongAdder();

    Tally(int capacity) {
      this.latencies = new long[capacity];
    }

    void answer(int status, long latencyNanos) {
      int i = answered.getAndIncrement();
      if (i < latencies.length) {
        latencies[i] = latencyNanos;
      }
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    Map<String, Object> summary(String target, int sent, double seconds, long serverCpuNanos) {
      long[] sorted = Arrays.copyOf(latencies, Math.min(answered.get(), latencies.length));
      Arrays.sort(sorted);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("target", target);
      out.put("sent", sent);
      out.put("answered", answered.get());
      out.put("ratePerSecond", Math.round(sent / seconds));
      Map<String, Long> byStatus = new java.util.TreeMap<>();
      statuses.forEach((status, count) -> byStatus.put(Integer.toString(status), count.sum()));
      out.put("statuses", byStatus);
      out.put("exceptions", exceptions.sum());
      out.put("shedByClient", shed.sum());
      out.put("latencyP50Ms", percentileMillis(sorted, 0.50));
      out.put("latencyP99Ms", percentileMillis(sorted, 0.99));
      out.put("cpuMicrosPerRequest", answered.get() == 0 ? 0 : Math.round(serverCpuNanos / 1000.0 / answered.get()));
      return out;
    }

    private static double percentileMillis(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      long nanos = sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
      return Math.round(nanos / 10_000.0) / 100.0;
    }
  }

  /** Sends {@code rate}/s for {@code seconds}, open loop, each request through {@code send}. */
  static int flood(double rate, double seconds, java.util.function.IntConsumer send) {
    long interval = (long) (1_000_000_000L / rate);
    int total = (int) (rate * seconds);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      send.accept(i);
    }
    return total;
  }

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of());
    double rate = args.doubleOf("rate", 2000);
    double seconds = args.doubleOf("seconds", 30);
    double warmup = args.doubleOf("warmup-seconds", 5);
    String targets = args.get("targets", "listen,handler");
    System.setProperty("sun.net.httpserver.nodelay", "true");
    boolean passed = true;
    if (targets.contains("listen")) {
      passed &= listen(rate, seconds, warmup);
    }
    if (targets.contains("handler")) {
      passed &= handler(rate, seconds, warmup);
    }
    System.exit(passed ? 0 : 1);
  }

  private static boolean listen(double rate, double seconds, double warmup) throws Exception {
    AtomicLong engineRuns = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    Engine countingEngine = request -> {
      engineRuns.incrementAndGet();
      throw new IllegalStateException("the flood reached the engine");
    };
    Tally tally = new Tally((int) (rate * seconds) + 1);
    int sent;
    long serverCpu;
    try (LocalListener listener = LocalListener.start(0, new WebhookVerifier(List.of(Secret.of(SECRET)),
        Clock.systemUTC()), new EventBatchConsumer(countingEngine, StripeKeyMode.SANDBOX), LocalListener.Batching.defaults(),
        outcome -> batches.incrementAndGet())) {
      URI base = URI.create("http://127.0.0.1:" + listener.port());
      HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
      Semaphore inFlight = new Semaphore(256);
      overHttp(http, base, inFlight, new Tally((int) (rate * warmup) + 1), rate, warmup);
      long cpuBefore = receiverCpuNanos();
      sent = overHttp(http, base, inFlight, tally, rate, seconds);
      serverCpu = receiverCpuNanos() - cpuBefore;
    }
    Map<String, Object> result = tally.summary("listen", sent, seconds, serverCpu);
    result.put("secretsManagerCalls", 0);
    result.put("enqueuedBatches", batches.get());
    result.put("engineRuns", engineRuns.get());
    result.put("loadAverage", MachineLoad.loadAverage());
    ResultLine.print(result);
    return batches.get() == 0 && engineRuns.get() == 0 && clean(tally);
  }

  /** One flood over HTTP; returns when every request sent was answered. */
  private static int overHttp(HttpClient http, URI base, Semaphore inFlight, Tally tally, double rate,
      double seconds) throws InterruptedException {
    int sent = flood(rate, seconds, i -> {
      Knock knock = Knock.of(Kind.values()[i % Kind.values().length], Instant.now().getEpochSecond());
      if (!inFlight.tryAcquire()) {
        tally.shed.increment();
        return;
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(knock.path()))
          .method(knock.method(), HttpRequest.BodyPublishers.ofString(knock.body()));
      if (knock.signature() != null) {
        request.header("Stripe-Signature", knock.signature());
      }
      long started = System.nanoTime();
      http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        inFlight.release();
        if (error != null) {
          tally.exceptions.increment();
        } else {
          tally.answer(response.statusCode(), System.nanoTime() - started);
        }
      });
    });
    inFlight.acquire(256);
    inFlight.release(256);
    return sent;
  }

  private static boolean handler(double rate, double seconds, double warmup) throws Exception {
    try (CountingAwsEndpoint aws = CountingAwsEndpoint.start(SECRET_ID, SECRET)) {
      Map<String, String> env = new HashMap<>();
      env.put("AWS_REGION", "eu-west-1");
      env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHFAKE");
      env.put("AWS_SECRET_ACCESS_KEY", "bench-fake-secret-access-key");
      env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.url());
      env.put("AWS_ENDPOINT_URL_SQS", aws.url());
      env.put("EVENT_QUEUE_URL", aws.url() + "/123456789012/bench-events");
      env.put("STRIPE_WEBHOOK_SECRET_ID", SECRET_ID);
      WebhookReceiverHandler handler = new WebhookReceiverHandler(Environment.of(env), Clock.systemUTC());
      Tally tally = new Tally((int) (rate * seconds) + 1);
      ExecutorService callers = Executors.newFixedThreadPool(2);
      Semaphore inFlight = new Semaphore(256);
      inProcess(handler, callers, inFlight, new Tally((int) (rate * warmup) + 1), rate, warmup);
      long secretsBefore = aws.secretsManagerCalls();
      int sent = inProcess(handler, callers, inFlight, tally, rate, seconds);
      callers.shutdown();
      callers.awaitTermination(1, TimeUnit.MINUTES);
      Map<String, Object> result = tally.summary("handler", sent, seconds, tally.cpuNanos.sum());
      result.put("secretsManagerCalls", aws.secretsManagerCalls() - secretsBefore);
      result.put("secretsManagerCallsWithWarmup", aws.secretsManagerCalls());
      result.put("enqueueAttempts", aws.otherCalls());
      result.put("loadAverage", MachineLoad.loadAverage());
      ResultLine.print(result);
      return aws.otherCalls() == 0 && clean(tally);
    }
  }

  /** One flood of in-process handler calls on {@code callers}; returns when every call finished. */
  private static int inProcess(WebhookReceiverHandler handler, ExecutorService callers, Semaphore inFlight,
      Tally tally, double rate, double seconds) throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int sent = flood(rate, seconds, i -> {
      Knock knock = Knock.of(Kind.values()[i % Kind.values().length], Instant.now().getEpochSecond());
      if (!inFlight.tryAcquire()) {
        tally.shed.increment();
        return;
      }
      long started = System.nanoTime();
      callers.execute(() -> {
        try {
          long cpu = threads.getCurrentThreadCpuTime();
          APIGatewayV2HTTPResponse response = handler.handleRequest(functionUrlEvent(knock), null);
          tally.cpuNanos.add(threads.getCurrentThreadCpuTime() - cpu);
          tally.answer(response.getStatusCode(), System.nanoTime() - started);
        } catch (RuntimeException e) {
          tally.exceptions.increment();
        } finally {
          inFlight.release();
        }
      });
    });
    inFlight.acquire(256);
    inFlight.release(256);
    return sent;
  }

  /**
   * Every answer a 4xx and no request failed. Requests the client shed (more than 256 in flight: the machine, not
   * the receiver, fell behind) are reported, not failed: they were never sent.
   */
  private static boolean clean(Tally tally) {
    return tally.exceptions.sum() == 0
        && tally.statuses.keySet().stream().allMatch(status -> status >= 400 && status < 500);
  }

  private static APIGatewayV2HTTPEvent functionUrlEvent(Knock knock) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (knock.signature() != null) {
      headers.put("stripe-signature", knock.signature());
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath(knock.path())
        .withHeaders(headers)
        .withBody(knock.body())
        .withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(knock.method()).withPath(knock.path())
                .build())
            .build())
        .build();
  }

  /** CPU of the local receiver's threads: its worker pool and the JDK server's dispatcher. */
  private static long receiverCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("realtime-receiver")
          || info.getThreadName().startsWith("HTTP-Dispatcher"))) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /**
   * A loopback stand-in for Secrets Manager ({@code GetSecretValue}, JSON 1.1) that counts its calls, and for SQS:
   * any other request is counted as an enqueue attempt and refused. The lambda module's test fake is test code of
   * another module, so the benchmark carries this small one.
   */
  static final class CountingAwsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong secretsManagerCalls = new AtomicLong();
    private final AtomicLong otherCalls = new AtomicLong();

    private CountingAwsEndpoint(HttpServer server) {
      this.server = server;
    }

    static CountingAwsEndpoint start(String secretId, String secret) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      CountingAwsEndpoint endpoint = new CountingAwsEndpoint(server);
      server.createContext("/", exchange -> endpoint.handle(exchange, secretId, secret));
      server.start();
      return endpoint;
    }

    private void handle(HttpExchange exchange, String secretId, String secret) throws IOException {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean getSecret = "secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String answer;
        int status;
        if (getSecret && body.contains("\"" + secretId + "\"")) {
          secretsManagerCalls.incrementAndGet();
          status = 200;
          answer = "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + secretId + "\",\"Name\":\""
              + secretId + "\",\"SecretString\":\"" + secret + "\",\"VersionId\":\"1\",\"VersionStages\":[\"AWSCURRENT\"]}";
        } else {
          otherCalls.incrementAndGet();
          status = 400;
          answer = "{\"__type\":\"UnknownOperationException\",\"message\":\"not served here\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long secretsManagerCalls() {
      return secretsManagerCalls.get();
    }

    long otherCalls() {
      return otherCalls.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
