package com.subscriptionreconciler.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads which objects a Stripe event names, from either payload style Stripe sends:
 *
 * <ul>
 *   <li><b>snapshot</b> (classic webhooks, and EventBridge destinations with {@code event_payload=snapshot}): an
 *       {@code event} object with the changed object in {@code data.object};
 *   <li><b>thin</b> ({@code event_payload=thin}): a {@code v2.core.event} with only {@code related_object}
 *       ({@code id}, {@code type}) and an ISO-8601 {@code created}.
 * </ul>
 *
 * <p>Handled: {@code customer.subscription.*} (the subscription: the run derives its customer's organization
 * from it, so naming the customer too would only cost a list request), {@code customer.*} (the customer: a
 * deletion cancels its subscriptions) and {@code checkout.session.*} (the session's subscription, or its customer
 * when it has none). A thin checkout event names only the session, so it names nothing here: the subscription it created
 * sends its own {@code customer.subscription.created}. Anything else names nothing and is counted as unhandled.
 *
 * <p>An event of a Stripe Connect account (top-level {@code account}, or a thin event's {@code context}) keeps
 * that account id: its objects live in the connected account, not the platform's (see {@link EventBatchConsumer}).
 */
public final class StripeEventReader {
  private StripeEventReader() {}

  /** @throws MalformedEventException when the JSON is not a Stripe event (no id or type) */
  public static EventReference read(JsonNode event) {
    String id = text(event.path("id"));
    String type = text(event.path("type"));
    if (id == null || type == null) {
      throw new MalformedEventException("not a Stripe event: it has no id or type");
    }
    Boolean livemode = event.path("livemode").isBoolean() ? event.path("livemode").booleanValue() : null;
    long created = created(event.path("created"));
    List<String> subscriptions = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    if (handled(type)) {
      JsonNode related = event.path("related_object");
      if (related.isObject()) {
        add(related.path("type").asText(""), text(related.path("id")), subscriptions, customers);
      } else {
        JsonNode object = event.path("data").path("object");
        String objectType = object.path("object").asText("");
        add(objectType, text(object.path("id")), subscriptions, customers);
        if ("checkout.session".equals(objectType)) {
          addPrefixed(idOf(object.path("subscription")), "sub_", subscriptions);
          if (subscriptions.isEmpty()) {
            addPrefixed(idOf(object.path("customer")), "cus_", customers);
            // a customer represented as an Account: the organization may hold its acct_… only
            addPrefixed(text(object.path("customer_account")), "acct_", customers);
          }
        }
      }
    }
    return new EventReference(id, type, created, livemode, subscriptions, customers, connectedAccount(event));
  }

  /**
   * The connected account a Connect event happened in: {@code account} on a snapshot event, {@code context} on a
   * thin one; absent on the platform's own events. Any non-empty value counts, well-formed or not, so a strange
   * value can never make a connected account's event look like the platform's.
   */
  private static String connectedAccount(JsonNode event) {
    String account = text(event.path("account"));
    return account != null ? account : text(event.path("context"));
  }

  static boolean handled(String type) {
    return type.startsWith("customer.") || type.startsWith("checkout.session.");
  }

  private static void add(String objectType, String id, List<String> subscriptions, List<String> customers) {
    switch (objectType) {
      case "subscription" -> addPrefixed(id, "sub_", subscriptions);
      case "customer" -> addPrefixed(id, "cus_", customers);
      default -> { /* e.g. a checkout session or a tax id: names no object we reconcile by itself */ }
    }
  }

  private static void addPrefixed(String id, String prefix, List<String> into) {
    if (id != null && id.startsWith(prefix) && id.length() > prefix.length() && !into.contains(id)) {
      into.add(id);
    }
  }

  /** A reference is either an id string or, when expanded, an object with an id. */
  private static String idOf(JsonNode node) {
    return node.isObject() ? text(node.path("id")) : text(node);
  }

  private static long created(JsonNode node) {
    if (node.isNumber()) {
      return node.longValue();
    }
    if (node.isTextual()) {
      try {
        return Instant.parse(node.textValue()).getEpochSecond();
      } catch (DateTimeParseException e) {
        throw new MalformedEventException("event 'created' is neither Unix seconds nor an ISO-8601 time");
      }
    }
    throw new MalformedEventException("event has no 'created' time");
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
  }
}
