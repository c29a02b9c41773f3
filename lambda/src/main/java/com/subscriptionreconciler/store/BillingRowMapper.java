package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads {@code subscriptions} and {@code organizations} rows (selected under their logical names) into the planner's records. */
final class BillingRowMapper {
  /** Logical names: the select list reads each physical column under its logical name (SCHEMA_MAP). */
  static final List<String> SUBSCRIPTION_COLUMNS = List.of(
      "id", "organization_id", "stripe_subscription_id", "stripe_customer_id", "stripe_price_id", "plan_tier",
      "status", "quantity", "current_period_start", "current_period_end", "cancel_at_period_end", "cancel_at",
      "canceled_at", "ended_at", "trial_start", "trial_end", "metadata", "archived_at", "archive_reason", "version",
      "created_at");
  static final List<String> ORGANIZATION_COLUMNS =
      List.of("id", "name", "stripe_customer_id", "plan_tier", "subscription_status");

  private BillingRowMapper() {}

  static SubscriptionRow subscription(ResultSet rs) throws SQLException {
    return new SubscriptionRow(
        rs.getLong("id"),
        rs.getLong("organization_id"),
        rs.getString("stripe_subscription_id"),
        rs.getString("stripe_customer_id"),
        rs.getString("stripe_price_id"),
        rs.getString("plan_tier"),
        rs.getString("status"),
        SqlValues.nullableLong(rs, "quantity"),
        SqlValues.instant(rs, "current_period_start"),
        SqlValues.instant(rs, "current_period_end"),
        rs.getBoolean("cancel_at_period_end"),
        SqlValues.instant(rs, "cancel_at"),
        SqlValues.instant(rs, "canceled_at"),
        SqlValues.instant(rs, "ended_at"),
        SqlValues.instant(rs, "trial_start"),
        SqlValues.instant(rs, "trial_end"),
        rs.getString("metadata"),
        SqlValues.instant(rs, "archived_at"),
        rs.getString("archive_reason"),
        rs.getInt("version"),
        SqlValues.instant(rs, "created_at"));
  }

  static OrganizationRow organization(ResultSet rs) throws SQLException {
    return new OrganizationRow(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("stripe_customer_id"),
        rs.getString("plan_tier"),
        rs.getString("subscription_status"));
  }
}
