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
    if (subscriptionsReadable && database.isPresent() && schema.isPresent()) {
      checks.add(unlinked(database.get(), schema.get()));
    } else {
      checks.add(Check.skip("unlinked subscriptions", "needs readable subscriptions and a usable schema"));
    }
    return checks;
  }

  private Check unlinked(DataSource dataSource, BillingSchema schema)
      throws IOException, InterruptedException, SQLException {
    List<String> customers = new ArrayList<>();
    String after = null;
    boolean complete = false;
    for (int page = 0; page < SAMPLE_PAGES; page++) {
      JsonNode body = probe.get("/v1/subscriptions?limit=100&status=all"
          + (after == null ? "" : "&starting_after=" + after)).body();
      for (JsonNode s : body.path("data")) {
        customers.add(s.path("customer").isTextual() ? s.path("customer").asText() : s.path("customer").path("id")
            .asText());
        after = s.path("id").asText();
      }
      if (!body.path("has_more").asBoolean(false)) {
        complete = true;
        break;
      }
    }
    Set<String> known = knownCustomers(dataSource, schema, new HashSet<>(customers));
    int unlinked = (int) customers.stream().filter(c -> !known.contains(c)).count();
    return StripeJudgements.unlinked(customers.size(), unlinked, complete);
  }

  private static Set<String> knownCustomers(DataSource dataSource, BillingSchema schema, Set<String> customers)
      throws SQLException {
    Set<String> known = new HashSet<>();
    if (customers.isEmpty()) {
      return known;
    }
    String column = schema.column(LogicalTable.ORGANIZATIONS, "stripe_customer_id");
    String sql = "SELECT " + column + " FROM " + schema.table(LogicalTable.ORGANIZATIONS) + " WHERE " + column
        + " IN (" + "?,".repeat(customers.size() - 1) + "?)";
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
