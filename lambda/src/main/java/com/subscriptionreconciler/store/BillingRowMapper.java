package com.subscriptionreconciler.store;

import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads {@code subscriptions} and {@code organizations} rows into the planner's records. */
final class BillingRowMapper {
  static final String SUBSCRIPTION_COLUMNS =
      "id, organization_id, stripe_subscription_id, stripe_customer_id, stripe_price_id, plan_tier, status,"
          + " quantity, current_period_start, current_period_end, cancel_at_period_end, cancel_at, canceled_at,"
          + " ended_at, trial_start, trial_end, metadata, archived_at, archive_reason, version, created_at";
  static final String ORGANIZATION_COLUMNS = "id, name, stripe_customer_id, plan_tier, subscription_status";

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
