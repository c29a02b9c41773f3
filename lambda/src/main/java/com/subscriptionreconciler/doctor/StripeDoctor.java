package com.subscriptionreconciler.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.LogicalTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The Stripe half of {@code doctor}: GETs only, one per endpoint the product reads, plus a bounded sample of
 * subscriptions to count the ones no organization would claim.
 */
final class StripeDoctor {
  /** The endpoints a run reads; a restricted key needs Read on each of these resources. */
  static final List<String> ENDPOINTS = List.of(
      "/v1/subscriptions?limit=1&status=all", "/v1/customers?limit=1", "/v1/prices?limit=1",
      "/v1/products?limit=1", "/v1/events?limit=1");
  /** At most this many subscription pages (of 100) are sampled for the unlinked count: doctor stays quick. */
  static final int SAMPLE_PAGES = 5;
  private static final String ACCOUNT_PREFIX = "acct_";
  /** Where a run reads the items a subscription's embedded list leaves out. */
  static final String ITEMS = "/v1/subscription_items";
  private static final String NEEDS_SCHEMA = "needs a usable schema (see the schema and account column checks)";

  private final StripeProbe probe;
  private final Clock clock;

  StripeDoctor(StripeProbe probe, Clock clock) {
    this.probe = probe;
    this.clock = clock;
  }

  List<Check> run(String key, Optional<DataSource> database, Optional<BillingSchema> schema)
      throws IOException, InterruptedException, SQLException {
    List<Check> checks = new ArrayList<>();
    checks.add(StripeJudgements.keyMode(key));
    boolean clockChecked = false;
    boolean subscriptionsReadable = false;
    for (String endpoint : ENDPOINTS) {
      StripeProbe.Answer answer = probe.get(endpoint);
      checks.add(StripeJudgements.endpoint(endpoint.substring(0, endpoint.indexOf('?')), answer.status(),
          answer.errorCode()));
      if (!clockChecked && answer.date().isPresent()) {
        checks.add(StripeJudgements.clock(clock.instant(), answer.date().get()));
        clockChecked = true;
      }
      subscriptionsReadable |= endpoint.startsWith("/v1/subscriptions") && answer.status() == 200;
    }
    if (!clockChecked) {
      checks.add(Check.warn("clock skew", "Stripe sent no Date header", "check STRIPE_API_BASE"));
    }
    if (!subscriptionsReadable) {
      for (String name : List.of("unlinked subscriptions", "account customers", "unmatched organizations",
          "subscription items")) {
        checks.add(Check.skip(name, "needs readable subscriptions"));
      }
    } else {
      Sample sample = sample();
      boolean usable = database.isPresent() && schema.isPresent();
      checks.add(usable ? unlinked(database.get(), schema.get(), sample)
          : Check.skip("unlinked subscriptions", NEEDS_SCHEMA));
      checks.add(StripeJudgements.accountCustomers(sample.customers().size(), sample.accountCustomers(),
          sample.complete()));
      checks.add(usable ? unmatchedOrganizations(database.get(), schema.get(), sample)
          : Check.skip("unmatched organizations", NEEDS_SCHEMA));
      checks.add(subscriptionItems(sample));
    }
    checks.add(testClocks(key));
    return checks;
  }

  /**
   * The newest subscriptions (all of them when there are few): each one's customer identities, {@code customer}
   * and {@code customer_account} (an organization may hold either); and the ids of those whose embedded
   * {@code items} list says {@code has_more}.
   */
  private record Sample(List<List<String>> customers, List<String> moreItems, boolean complete) {
    Set<String> identities() {
      Set<String> all = new HashSet<>();
      customers.forEach(all::addAll);
      return all;
    }

    int accountCustomers() {
      return (int) customers.stream().filter(ids -> ids.stream().anyMatch(id -> id.startsWith(ACCOUNT_PREFIX)))
          .count();
    }
  }

  private Sample sample() throws IOException, InterruptedException {
    List<List<String>> customers = new ArrayList<>();
    List<String> moreItems = new ArrayList<>();
    String after = null;
    for (int page = 0; page < SAMPLE_PAGES; page++) {
      JsonNode body = probe.get("/v1/subscriptions?limit=100&status=all"
          + (after == null ? "" : "&starting_after=" + after)).body();
      for (JsonNode s : body.path("data")) {
        List<String> ids = new ArrayList<>(2);
        String customer = s.path("customer").isTextual() ? s.path("customer").asText()
            : s.path("customer").path("id").asText("");
        if (!customer.isEmpty()) {
          ids.add(customer);
        }
        if (s.path("customer_account").isTextual()) {
          ids.add(s.path("customer_account").asText());
        }
        customers.add(ids);
        after = s.path("id").asText();
        if (s.path("items").path("has_more").asBoolean(false)) {
          moreItems.add(after);
        }
      }
      if (!body.path("has_more").asBoolean(false)) {
        return new Sample(customers, moreItems, true);
      }
    }
    return new Sample(customers, moreItems, false);
  }

  /**
   * Organizations whose {@code stripe_customer_id} is neither a {@code cus_…} nor an {@code acct_…} id, and, when
   * the sample holds every subscription, those no subscription's customer identity matches.
   */
  private static Check unmatchedOrganizations(DataSource dataSource, BillingSchema schema, Sample sample)
      throws SQLException {
    String column = schema.column(LogicalTable.ORGANIZATIONS, "stripe_customer_id");
    String table = schema.table(LogicalTable.ORGANIZATIONS);
    String ofAccount = ofAccount(schema);
    long malformed = count(dataSource, "SELECT COUNT(*) FROM " + table + " WHERE " + column + " IS NOT NULL AND LEFT("
        + column + ", 4) <> 'cus_' AND LEFT(" + column + ", 5) <> 'acct_'" + ofAccount, List.of());
    if (!sample.complete()) {
      return StripeJudgements.unmatchedOrganizations(malformed, -1);
    }
    List<String> identities = List.copyOf(sample.identities());
    long unmatched = count(dataSource, "SELECT COUNT(*) FROM " + table + " WHERE " + column + " IS NOT NULL"
        + ofAccount
        + (identities.isEmpty() ? "" : " AND " + column + " NOT IN (" + "?,".repeat(identities.size() - 1) + "?)"),
        identities);
    return StripeJudgements.unmatchedOrganizations(malformed, unmatched);
  }

  /** {@code AND <condition>} keeping organizations to the schema's Stripe account; empty with one account. */
  private static String ofAccount(BillingSchema schema) {
    return schema.accountCondition(LogicalTable.ORGANIZATIONS).map(condition -> " AND " + condition).orElse("");
  }

  /**
   * The sampled subscriptions with more items than the list embeds; when there are any, one of them is read from
   * {@code GET /v1/subscription_items} as a run reads it, so a key without Read there is found now.
   */
  private Check subscriptionItems(Sample sample) throws IOException, InterruptedException {
    if (sample.moreItems().isEmpty()) {
      return StripeJudgements.subscriptionItems(sample.customers().size(), 0, sample.complete(), 200, "");
    }
    StripeProbe.Answer answer = probe.get(ITEMS + "?limit=1&subscription=" + sample.moreItems().get(0));
    return StripeJudgements.subscriptionItems(sample.customers().size(), sample.moreItems().size(),
        sample.complete(), answer.status(), answer.errorCode());
  }

  private static long count(DataSource dataSource, String sql, List<String> parameters) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setString(i + 1, parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A sandbox's test clocks, whose subscriptions Stripe leaves out of the plain list; a live key has none. */
  private Check testClocks(String key) throws IOException, InterruptedException {
    if (!StripeJudgements.sandbox(key)) {
      return Check.skip("test clocks", "live keys have no test clocks");
    }
    StripeProbe.Answer answer = probe.get("/v1/test_helpers/test_clocks?limit=100");
    if (answer.status() != 200) {
      return StripeJudgements.endpoint("/v1/test_helpers/test_clocks", answer.status(), answer.errorCode());
    }
    return StripeJudgements.testClocks(answer.body().path("data").size(), answer.body().path("has_more").asBoolean());
  }

  /** The sampled subscriptions whose customer no organization (of the schema's account) holds. */
  private static Check unlinked(DataSource dataSource, BillingSchema schema, Sample sample) throws SQLException {
    Set<String> known = knownCustomers(dataSource, schema, sample.identities());
    int unlinked = (int) sample.customers().stream().filter(ids -> ids.stream().noneMatch(known::contains)).count();
    return StripeJudgements.unlinked(sample.customers().size(), unlinked, sample.complete());
  }

  private static Set<String> knownCustomers(DataSource dataSource, BillingSchema schema, Set<String> customers)
      throws SQLException {
    Set<String> known = new HashSet<>();
    if (customers.isEmpty()) {
      return known;
    }
    String column = schema.column(LogicalTable.ORGANIZATIONS, "stripe_customer_id");
    String sql = "SELECT " + column + " FROM " + schema.table(LogicalTable.ORGANIZATIONS) + " WHERE " + column
        + " IN (" + "?,".repeat(customers.size() - 1) + "?)" + ofAccount(schema);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (String customer : customers) {
        ps.setString(i++, customer);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
    }
    return known;
  }
}
