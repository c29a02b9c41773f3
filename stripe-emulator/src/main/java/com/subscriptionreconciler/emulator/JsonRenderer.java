package com.subscriptionreconciler.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Renders stored records as Stripe JSON (shapes copied from Stripe's own OpenAPI fixtures, API
 * version {@value #API_VERSION}). Objects are stored compactly and rendered per request, which is
 * what lets an account hold a million subscriptions.
 */
final class JsonRenderer {

  static final String API_VERSION = "2026-07-29.dahlia";
  /** How many items a subscription embeds; Stripe's page size for embedded lists. */
  static final int EMBEDDED_ITEMS = 10;
  private static final JsonFactory FACTORY = new JsonFactory();

  private final AccountStore store;

  JsonRenderer(AccountStore store) {
    this.store = store;
  }

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] render(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String renderString(Body body) {
    return new String(render(body), StandardCharsets.UTF_8);
  }

  <T> void list(JsonGenerator g, String url, List<T> data, boolean hasMore, BodyOf<T> item)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("object", "list");
    g.writeArrayFieldStart("data");
    for (T t : data) {
      item.write(g, t);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", hasMore);
    g.writeStringField("url", url);
    g.writeEndObject();
  }

  interface BodyOf<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  void customer(JsonGenerator g, Customer c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    g.writeStringField("object", "customer");
    if (c.deleted()) {
      g.writeBooleanField("deleted", true);
      g.writeEndObject();
      return;
    }
    g.writeObjectFieldStart("address");
    for (String f : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
      g.writeNullField(f);
    }
    g.writeEndObject();
    g.writeNumberField("balance", 0);
    g.writeNumberField("created", c.created());
    g.writeNullField("currency");
    nullableString(g, "customer_account", c.account());
    g.writeNullField("default_source");
    g.writeBooleanField("delinquent", false);
    g.writeNullField("description");
    g.writeNullField("discount");
    nullableString(g, "email", c.email());
    g.writeStringField("invoice_prefix", c.id().substring(4, Math.min(c.id().length(), 12)).toUpperCase());
    g.writeObjectFieldStart("invoice_settings");
    g.writeNullField("custom_fields");
    g.writeNullField("default_payment_method");
    g.writeNullField("footer");
    g.writeNullField("rendering_options");
    g.writeEndObject();
    g.writeBooleanField("livemode", false);
    metadata(g, c.metadata());
    nullableString(g, "name", c.name());
    g.writeNumberField("next_invoice_sequence", 1);
    g.writeNullField("phone");
    g.writeArrayFieldStart("preferred_locales");
    g.writeEndArray();
    g.writeNullField("shipping");
    g.writeStringField("tax_exempt", "none");
    nullableString(g, "test_clock", c.testClock());
    g.writeEndObject();
  }

  void testClock(JsonGenerator g, TestClock c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    g.writeStringField("object", "test_helpers.test_clock");
    g.writeNumberField("created", c.created());
    g.writeNumberField("deletes_after", c.created() + 30 * 86_400L);
    g.writeNumberField("frozen_time", c.frozenTime());
    g.writeBooleanField("livemode", false);
    nullableString(g, "name", c.name());
    g.writeStringField("status", "ready");
    g.writeObjectFieldStart("status_details");
    g.writeEndObject();
    g.writeEndObject();
  }

  void product(JsonGenerator g, Product p) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", p.id());
    g.writeStringField("object", "product");
    g.writeBooleanField("active", p.active());
    g.writeNumberField("created", p.created());
    g.writeNullField("default_price");
    g.writeNullField("description");
    g.writeArrayFieldStart("images");
    g.writeEndArray();
    g.writeBooleanField("livemode", false);
    g.writeArrayFieldStart("marketing_features");
    g.writeEndArray();
    metadata(g, p.metadata());
    g.writeStringField("name", p.name());
    g.writeNullField("package_dimensions");
    g.writeNullField("shippable");
    g.writeNullField("statement_descriptor");
    g.writeNullField("tax_code");
    g.writeStringField("type", "service");
    g.writeNullField("unit_label");
    g.writeNumberField("updated", p.created());
    g.writeNullField("url");
    g.writeEndObject();
  }

  void price(JsonGenerator g, Price p, boolean expandProduct) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", p.id());
    g.writeStringField("object", "price");
    g.writeBooleanField("active", p.active());
    g.writeStringField("billing_scheme", "per_unit");
    g.writeNumberField("created", p.created());
    g.writeStringField("currency", p.currency());
    g.writeNullField("custom_unit_amount");
    g.writeBooleanField("livemode", false);
    nullableString(g, "lookup_key", p.lookupKey());
    metadata(g, p.metadata());
    g.writeNullField("nickname");
    g.writeFieldName("product");
    Product product = expandProduct ? store.products.get(p.productId()).orElse(null) : null;
    if (product != null) {
      product(g, product);
    } else {
      g.writeString(p.productId());
    }
    g.writeObjectFieldStart("recurring");
    g.writeStringField("interval", p.interval());
    g.writeNumberField("interval_count", 1);
    g.writeNullField("meter");
    g.writeNullField("trial_period_days");
    g.writeStringField("usage_type", "licensed");
    g.writeEndObject();
    g.writeStringField("tax_behavior", "unspecified");
    g.writeNullField("tiers_mode");
    g.writeNullField("transform_quantity");
    g.writeStringField("type", "recurring");
    g.writeNumberField("unit_amount", p.unitAmount());
    g.writeStringField("unit_amount_decimal", Long.toString(p.unitAmount()));
    g.writeEndObject();
  }

  void subscription(JsonGenerator g, Subscription s, Expansion expand) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeStringField("object", "subscription");
    g.writeNullField("application");
    g.writeNullField("application_fee_percent");
    g.writeObjectFieldStart("automatic_tax");
    g.writeNullField("disabled_reason");
    g.writeBooleanField("enabled", false);
    g.writeNullField("liability");
    g.writeEndObject();
    g.writeNumberField("billing_cycle_anchor", s.currentPeriodStart());
    g.writeNullField("billing_cycle_anchor_config");
    g.writeObjectFieldStart("billing_mode");
    g.writeStringField("type", "classic");
    g.writeEndObject();
    g.writeNullField("billing_thresholds");
    nullableLong(g, "cancel_at", s.cancelAt());
    g.writeBooleanField("cancel_at_period_end", s.cancelAtPeriodEnd());
    nullableLong(g, "canceled_at", s.canceledAt());
    g.writeObjectFieldStart("cancellation_details");
    g.writeNullField("comment");
    g.writeNullField("feedback");
    if (s.canceledAt() != null) {
      g.writeStringField("reason", "cancellation_requested");
    } else {
      g.writeNullField("reason");
    }
    g.writeEndObject();
    g.writeStringField("collection_method", "charge_automatically");
    g.writeNumberField("created", s.created());
    Price firstPrice = store.prices.get(s.items().get(0).priceId()).orElse(null);
    g.writeStringField("currency", firstPrice == null ? "usd" : firstPrice.currency());
    g.writeFieldName("customer");
    Customer customer = expand.customer() ? store.customers.get(s.customerId()).orElse(null) : null;
    if (customer != null) {
      customer(g, customer);
    } else {
      g.writeString(s.customerId());
    }
    nullableString(g, "customer_account", store.accountOf(s));
    g.writeNullField("days_until_due");
    g.writeNullField("default_payment_method");
    g.writeNullField("default_source");
    g.writeArrayFieldStart("default_tax_rates");
    g.writeEndArray();
    g.writeNullField("description");
    g.writeArrayFieldStart("discounts");
    g.writeEndArray();
    nullableLong(g, "ended_at", s.endedAt());
    g.writeObjectFieldStart("invoice_settings");
    g.writeNullField("account_tax_ids");
    g.writeObjectFieldStart("issuer");
    g.writeStringField("type", "self");
    g.writeEndObject();
    g.writeEndObject();
    items(g, s, expand.product());
    g.writeNullField("latest_invoice");
    g.writeBooleanField("livemode", false);
    metadata(g, s.metadata());
    g.writeNullField("next_pending_invoice_item_invoice");
    g.writeNullField("on_behalf_of");
    if (s.status() == SubscriptionStatus.PAUSED) {
      g.writeObjectFieldStart("pause_collection");
      g.writeStringField("behavior", "void");
      g.writeNullField("resumes_at");
      g.writeEndObject();
    } else {
      g.writeNullField("pause_collection");
    }
    g.writeNullField("pending_invoice_item_interval");
    g.writeNullField("pending_setup_intent");
    g.writeNullField("pending_update");
    g.writeNullField("schedule");
    g.writeNumberField("start_date", s.startDate());
    g.writeStringField("status", s.status().wire());
    nullableString(g, "test_clock", store.testClockOf(s));
    g.writeNullField("transfer_data");
    nullableLong(g, "trial_end", s.trialEnd());
    g.writeObjectFieldStart("trial_settings");
    g.writeObjectFieldStart("end_behavior");
    g.writeStringField("missing_payment_method", "create_invoice");
    g.writeEndObject();
    g.writeEndObject();
    nullableLong(g, "trial_start", s.trialStart());
    g.writeEndObject();
  }

  /**
   * The embedded {@code items} list: like Stripe, at most the first {@value #EMBEDDED_ITEMS} items,
   * with {@code has_more} when the subscription has more (the rest is listed by
   * {@code GET /v1/subscription_items?subscription=…}).
   */
  private void items(JsonGenerator g, Subscription s, boolean expandProduct) throws IOException {
    g.writeObjectFieldStart("items");
    g.writeStringField("object", "list");
    g.writeArrayFieldStart("data");
    for (SubscriptionItem item : s.items().subList(0, Math.min(EMBEDDED_ITEMS, s.items().size()))) {
      item(g, s, item, expandProduct);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", s.items().size() > EMBEDDED_ITEMS);
    g.writeNumberField("total_count", s.items().size());
    g.writeStringField("url", "/v1/subscription_items?subscription=" + s.id());
    g.writeEndObject();
  }

  void item(JsonGenerator g, Subscription s, SubscriptionItem item, boolean expandProduct) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", item.id());
    g.writeStringField("object", "subscription_item");
    g.writeNullField("billing_thresholds");
    g.writeNumberField("created", item.created());
    g.writeNumberField("current_period_end", item.currentPeriodEnd());
    g.writeNumberField("current_period_start", item.currentPeriodStart());
    g.writeArrayFieldStart("discounts");
    g.writeEndArray();
    g.writeObjectFieldStart("metadata");
    g.writeEndObject();
    g.writeFieldName("price");
    Price price = store.prices.get(item.priceId()).orElse(null);
    if (price != null) {
      price(g, price, expandProduct);
    } else {
      g.writeString(item.priceId());
    }
    g.writeNumberField("quantity", item.quantity());
    g.writeStringField("subscription", s.id());
    g.writeArrayFieldStart("tax_rates");
    g.writeEndArray();
    g.writeEndObject();
  }

  void event(JsonGenerator g, Event e) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", e.id());
    g.writeStringField("object", "event");
    g.writeStringField("api_version", API_VERSION);
    g.writeNumberField("created", e.created());
    g.writeObjectFieldStart("data");
    g.writeFieldName("object");
    g.writeRawValue(e.objectJson());
    if (e.previousAttributesJson() != null) {
      g.writeFieldName("previous_attributes");
      g.writeRawValue(e.previousAttributesJson());
    }
    g.writeEndObject();
    g.writeBooleanField("livemode", false);
    g.writeNumberField("pending_webhooks", e.pendingWebhooks());
    g.writeObjectFieldStart("request");
    g.writeNullField("id");
    g.writeNullField("idempotency_key");
    g.writeEndObject();
    g.writeStringField("type", e.type());
    g.writeEndObject();
  }

  static byte[] error(ApiError e) {
    return render(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      if (e.code != null) {
        g.writeStringField("code", e.code);
        g.writeStringField("doc_url", ApiError.DOCS + e.code.replace('_', '-'));
      }
      g.writeStringField("message", e.getMessage());
      if (e.param != null) {
        g.writeStringField("param", e.param);
      }
      g.writeStringField("type", e.type);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static void metadata(JsonGenerator g, Map<String, String> metadata) throws IOException {
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void nullableString(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  private static void nullableLong(JsonGenerator g, String field, Long value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value);
    }
  }
}
