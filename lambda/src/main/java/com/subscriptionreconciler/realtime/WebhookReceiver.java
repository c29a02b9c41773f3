package com.subscriptionreconciler.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public webhook endpoint's whole job, independent of how HTTP arrives (a Lambda function URL, or the local
 * {@code listen} server): check the request, verify the signature, enqueue the compact message, answer. No
 * database, no Stripe key, no Stripe call, so it answers in milliseconds and Stripe never times out on it.
 *
 * <p>Answers: 200 enqueued; 400 unsigned, badly signed, stale, larger than {@value #MAX_BODY_BYTES} bytes or not a
 * Stripe event (nothing enqueued, and Stripe's retries will not fix it; logged at most once a minute by the
 * {@link RejectionLog}); 404 another path; 405 another method (both decided before any secret is read, and not
 * logged); 500 no signing secret to verify with, or an unexpected failure (logged as one line, its stack trace at
 * DEBUG); 503 the queue refused (Stripe retries). Nothing an anonymous request sends makes this method throw.
 */
public final class WebhookReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stripe event bodies are a few KB, rarely tens; anything near this is not a Stripe event. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  private final Map<String, Endpoint> endpoints;
  private final EventQueue queue;
  private final RejectionLog rejections;

  /** @param paths the accepted paths: {@code /} in AWS; {@code /} and {@code /webhook} under {@code listen} */
  public WebhookReceiver(WebhookVerifier verifier, EventQueue queue, Set<String> paths) {
    this(paths.stream().collect(Collectors.toMap(p -> p, p -> new Endpoint(verifier, null))), queue);
  }

  /** @param endpoints each accepted path and how a request to it is verified and tagged ({@link WebhookEndpoints}) */
  public WebhookReceiver(Map<String, Endpoint> endpoints, EventQueue queue) {
    this(endpoints, queue, Clock.systemUTC());
  }

  /** @param clock what bounds the WARN lines of rejected requests to one a minute ({@link RejectionLog}) */
  public WebhookReceiver(Map<String, Endpoint> endpoints, EventQueue queue, Clock clock) {
    this.endpoints = Map.copyOf(endpoints);
    this.queue = queue;
    this.rejections = new RejectionLog(clock);
  }

  /**
   * One webhook endpoint: the signing secrets that verify a request to it, and the {@code STRIPE_ACCOUNTS} label
   * its events are tagged with (null: untagged, the default account).
   */
  public record Endpoint(WebhookVerifier verifier, String accountLabel) {}

  /** An HTTP answer: status and a small JSON body. */
  public record Response(int status, String body) {
    static Response of(int status, String message) {
      return new Response(status, JSON.createObjectNode().put(status == 200 ? "received" : "error", message).toString());
    }
  }

  public Response receive(String method, String path, String signatureHeader, byte[] body) {
    Endpoint endpoint = endpoints.get(path == null || path.isEmpty() ? "/" : path);
    if (endpoint == null) {
      return Response.of(404, notFound());
    }
    if (!"POST".equals(method)) {
      return Response.of(405, "only POST is accepted");
    }
    try {
      EventReference event = verified(endpoint.verifier(), signatureHeader, body);
      if (endpoint.accountLabel() != null) {
        event = event.withAccountLabel(endpoint.accountLabel());
      }
      queue.send(event);
      LOG.info("Stripe event enqueued: {} {}", event.eventId(), event.type());
      return Response.of(200, event.eventId());
    } catch (RejectedRequestException | MalformedEventException e) {
      rejections.rejected(e.getMessage());
      return Response.of(400, e.getMessage());
    } catch (EventQueue.EventQueueException e) {
      LOG.error("Could not enqueue a verified Stripe event; Stripe will retry it: {}", e.getMessage());
      return Response.of(503, "queue unavailable, retry later");
    } catch (SigningSecretsUnavailableException | ConfigurationException e) {
      LOG.error("Webhook receiver cannot verify or enqueue; Stripe will retry once this is fixed: {}", e.getMessage());
      return Response.of(500, "receiver not configured");
    } catch (RuntimeException e) {
      // a public endpoint: one line at ERROR, the trace only at DEBUG, and an answer rather than a crashed invocation
      LOG.error("Webhook request failed unexpectedly, nothing enqueued: {}: {}", e.getClass().getSimpleName(),
          e.getMessage());
      LOG.debug("Webhook request failure", e);
      return Response.of(500, "internal error");
    }
  }

  /** Names the default paths only: an anonymous caller is not told which account labels exist. */
  private String notFound() {
    Set<String> untagged = new TreeSet<>();
    endpoints.forEach((path, endpoint) -> {
      if (endpoint.accountLabel() == null) {
        untagged.add(path);
      }
    });
    boolean accounts = endpoints.values().stream().anyMatch(e -> e.accountLabel() != null);
    return "not found: POST Stripe events to " + String.join(" or ", untagged)
        + (accounts ? ", or to an account's own path ending in /<label>" : "");
  }

  private static EventReference verified(WebhookVerifier verifier, String signatureHeader, byte[] body) {
    if (body == null || body.length == 0) {
      throw new RejectedRequestException("empty body");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new RejectedRequestException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    String payload = new String(body, StandardCharsets.UTF_8);
    verifier.verify(payload, signatureHeader);
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("signed body is not JSON");
    }
    if (event == null || !event.isObject()) {
      throw new MalformedEventException("signed body is not a JSON object");
    }
    return StripeEventReader.read(event);
  }
}
