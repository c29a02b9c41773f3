package com.subscriptionreconciler.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue's two message shapes, one reader:
 *
 * <ul>
 *   <li>the webhook receiver's compact message, {@code {"stripeEvent":"evt_…","type":…,"created":…,"livemode":…,
 *       "subscriptionIds":[…],"customerIds":[…]}} — a few hundred bytes, never the event's body;
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
    ArrayNode subscriptions = node.putArray("subscriptionIds");
    event.subscriptionIds().forEach(subscriptions::add);
    ArrayNode customers = node.putArray("customerIds");
    event.customerIds().forEach(customers::add);
    return node.toString();
  }

  /** @throws MalformedEventException when the body is neither shape (a poison message) */
  public static EventReference read(String body) {
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
      if (!source.startsWith("aws.partner/stripe.com")) {
        throw new MalformedEventException("EventBridge event from an unexpected source '" + source + "'");
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
    return new EventReference(node.path(EVENT_FIELD).textValue(), node.path("type").textValue(),
        node.path("created").longValue(), livemode, strings(node.path("subscriptionIds"), "sub_"),
        strings(node.path("customerIds"), "cus_", "acct_"));
  }

  /** Customers are {@code cus_…}, or {@code acct_…} when represented as Accounts. */
  private static List<String> strings(JsonNode array, String... prefixes) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (!value.isTextual() || java.util.Arrays.stream(prefixes).noneMatch(value.textValue()::startsWith)) {
        throw new MalformedEventException(
            "receiver message holds an id that does not start with " + String.join(" or ", prefixes));
      }
      values.add(value.textValue());
    }
    return values;
  }
}
