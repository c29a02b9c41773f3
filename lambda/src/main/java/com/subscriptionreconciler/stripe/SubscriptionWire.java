package com.subscriptionreconciler.stripe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The parts of Stripe's subscription JSON the planner reads, field for field as Stripe names them (snake case).
 * Everything else in the response is skipped by the parser without being turned into objects, which is what
 * makes a page of 100 expanded subscriptions cheap to read (see {@link SubscriptionDecoder}).
 */
final class SubscriptionWire {
  private SubscriptionWire() {}

  /** {@code {"object":"list","data":[…],"has_more":…}}. */
  record ListPage(List<Subscription> data, boolean hasMore) {}

  record Subscription(
      String id,
      Ref customer,
      String customerAccount,
      String status,
      Long created,
      ItemList items,
      Boolean cancelAtPeriodEnd,
      Long cancelAt,
      Long canceledAt,
      Long endedAt,
      Long trialStart,
      Long trialEnd,
      Map<String, String> metadata) {}

  /** The embedded {@code items} list: Stripe embeds the first page; {@code has_more} says more are listed apart. */
  record ItemList(List<Item> data, boolean hasMore) {}

  /** A {@code GET /v1/subscription_items} page. */
  record ItemPage(List<Item> data, boolean hasMore) {}

  record Item(
      String id, Price price, Long quantity, Long currentPeriodStart, Long currentPeriodEnd, Long created) {}

  record Price(String id, String lookupKey, Ref product, Map<String, String> metadata) {}

  /**
   * An expandable field: Stripe sends the id as a string, or the whole object when expanded ({@code customer}
   * with {@code expand[]=data.customer}); a deleted customer expands to {@code {"id":…,"deleted":true}}.
   */
  @JsonDeserialize(using = Ref.Reader.class)
  record Ref(String id, boolean expanded, boolean deleted) {
    static final class Reader extends JsonDeserializer<Ref> {
      @Override
      public Ref deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          return new Ref(p.getText(), false, false);
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
          return (Ref) ctx.handleUnexpectedToken(Ref.class, p);
        }
        String id = null;
        boolean deleted = false;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
          JsonToken value = p.nextToken();
          if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
            id = p.getText();
          } else if ("deleted".equals(field) && value.isBoolean()) {
            deleted = p.getBooleanValue();
          } else {
            p.skipChildren();
          }
        }
        return new Ref(id, true, deleted);
      }
    }
  }
}
