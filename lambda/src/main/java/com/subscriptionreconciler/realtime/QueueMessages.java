package com.subscriptionreconciler.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.run.StripeIds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The queue's two message shapes, one reader:
 *
 * <ul>
 *   <li>the webhook receiver's compact message, {@code {"stripeEvent":"evt_…","type":…,"created":…,"livemode":…,
 *       "account":…,"subscriptionIds":[…],"customerIds":[…]}} — a few hundred bytes, never the event's body
 *       ({@code account} only for a connected account's event);
 *   <li>an EventBridge event as the rule delivers it to SQS ({@code source} {@code aws.partner/stripe.com/…},
 *       {@code detail-type} the Stripe event type, {@code detail} the Stripe event, snapshot or thin).
 * </ul>
 */
public final class QueueMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String EVENT_FIELD = "stripeEvent";

  private QueueMessages() {}

  public static String write(EventReference event) {
    ObjectNode node = JSON.createObjectNode();
    node.put(EVENT_FIELD, event.eventId());
    node.put("type", event.type());
    node.put("created", event.created());
    if (event.livemode() != null) {
      node.put("livemode", event.livemode());
    }
    if (event.account() != null) {
      node.put("account", event.account());
    }
    ArrayNode subscriptions = node.putArray("subscriptionIds");
    event.subscriptionIds().forEach(subscriptions::add);
    ArrayNode customers = node.putArray("customerIds");
    event.customerIds().forEach(customers::add);
    return node.toString();
  }

  /** Reads a message whose EventBridge source may be any of Stripe's shape ({@link StripeEventSources}). */
  public static EventReference read(String body) {
    return read(body, StripeEventSources.anyStripeSource());
  }

  /** @throws MalformedEventException when the body is neither shape, or comes from another source (a poison message) */
  public static EventReference read(String body, StripeEventSources sources) {
    JsonNode node;
    try {
      node = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("queue message is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new MalformedEventException("queue message is not a JSON object");
    }
    if (node.has("detail") && node.has("detail-type")) {
      String source = node.path("source").asText("");
      if (!sources.accepts(source)) {
        throw new MalformedEventException("EventBridge event from an unexpected source '" + shown(source)
            + "' (expected " + sources.expected() + ")");
      }
      return StripeEventReader.read(node.path("detail"));
    }
    if (node.path(EVENT_FIELD).isTextual()) {
      return compact(node);
    }
    throw new MalformedEventException("queue message is neither a receiver message nor a Stripe EventBridge event");
  }

  private static EventReference compact(JsonNode node) {
    if (!node.path("type").isTextual() || !node.path("created").canConvertToLong()) {
      throw new MalformedEventException("receiver message lacks its type or created time");
    }
    Boolean livemode = node.path("livemode").isBoolean() ? node.path("livemode").booleanValue() : null;
    JsonNode account = node.path("account");
    if (!account.isMissingNode() && !account.isTextual()) {
      throw new MalformedEventException("receiver message's account is not a string");
    }
    return new EventReference(node.path(EVENT_FIELD).textValue(), node.path("type").textValue(),
        node.path("created").longValue(), livemode,
        strings(node.path("subscriptionIds"), StripeIds::isSubscription, StripeIds.SUBSCRIPTION_SHAPE),
        strings(node.path("customerIds"), StripeIds::isCustomer, StripeIds.CUSTOMER_SHAPE),
        account.isTextual() ? account.textValue() : null);
  }

  private static List<String> strings(JsonNode array, Predicate<String> valid, String shape) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (!value.isTextual() || !valid.test(value.textValue())) {
        throw new MalformedEventException("receiver message holds an id that is not " + shape);
      }
      values.add(value.textValue());
    }
    return values;
  }

  /** A value from the message, shortened for a log line. */
  private static String shown(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "…";
  }
}
