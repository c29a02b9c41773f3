package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeAccount;
import com.subscriptionreconciler.config.StripeAccounts;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.ReportText;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.Engine;
import com.subscriptionreconciler.run.RunRequest;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The demo's last scene: a second Stripe account ("eu") beside the demo's own ("us", the default), both in the
 * same tables (docs/reference.md, Several Stripe accounts). The emulator serves eu under a key of its own; eu's
 * organizations are labelled {@code stripe_account = 'eu'}. One run per account: us leaves eu's rows alone (it
 * never sees them, so it cannot archive them as orphans), and eu fixes its own drift.
 */
final class SeveralAccountsDemo {
  /** The emulator's second account's key: a placeholder, like the emulator's own. */
  static final String EU_KEY = "sk_test_emulator_eu";
  private static final long EU_SEED = 4_242;

  private SeveralAccountsDemo() {}

  /** @return true when both accounts' runs succeeded and eu's rows ended in sync and unarchived */
  static boolean show(ReconcilerConfig single, StripeEmulator emulator, DataSource dataSource, PrintWriter out)
      throws SQLException {
    out.println("== 5. Two Stripe accounts, one database ==");
    EmulatedAccount eu = emulator.addAccount(EU_KEY, EU_SEED);
    String product = eu.createProduct("prod_eu_starter", "Starter (EU)", Map.of());
    String price = eu.createPrice(PriceSpec.monthly(product, "starter_monthly", 900).withId("price_eu_starter"));
    long first = nextOrganizationId(dataSource);
    DatabaseEdits edits = new DatabaseEdits();
    String stale = euCustomerWithSubscription(eu, edits, first, "Kestrel GmbH", price);
    String missing = euCustomerWithSubscription(eu, edits, first + 1, "Lumen SAS", price);
    // drift in eu: a row the webhooks left past_due, and a subscription the database never saw
    edits.add("INSERT INTO subscriptions (organization_id, stripe_subscription_id, status, stripe_account)"
        + " VALUES (?, ?, 'past_due', 'eu')", first, stale);
    edits.apply(dataSource);
    out.println("Stripe account \"eu\" (the same emulator, its own key) has 2 subscriptions; the database has one of"
        + " them, past_due, labelled stripe_account = 'eu'.");

    StripeSettings usStripe = single.stripe();
    StripeSettings euStripe = new StripeSettings(usStripe.apiBase(), Secret.of(EU_KEY),
        usStripe.maxRequestsPerSecond(), usStripe.maxNetworkRetries());
    ReconcilerConfig accounts = new ReconcilerConfig(usStripe, single.database(), single.rules(), single.logLevel(),
        single.databaseTls(), single.schemaMap(), new StripeAccounts(List.of(
            new StripeAccount("us", true, usStripe), new StripeAccount("eu", false, euStripe))),
        new StripeAccount("us", true, usStripe).scope());
    boolean succeeded = true;
    for (ReconcilerConfig account : accounts.perAccount()) {
      RunReport report = runOnce(account);
      ReportText.print(report, out);
      succeeded &= report.status() == RunStatus.SUCCEEDED;
    }
    long euLive = count(dataSource, "SELECT COUNT(*) FROM subscriptions WHERE stripe_account = 'eu'"
        + " AND archived_at IS NULL AND status = 'active' AND stripe_subscription_id IN (?, ?)", stale, missing);
    out.printf("us's run never saw eu's rows (none archived as orphans); eu's run fixed its own: %d of 2 eu"
        + " subscriptions active in the database.%n", euLive);
    out.flush();
    return succeeded && euLive == 2;
  }

  private static RunReport runOnce(ReconcilerConfig account) {
    Engine engine = ProductionWiring.create(account);
    try {
      return engine.run(RunRequest.full(Trigger.CLI));
    } finally {
      if (engine instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException("demo: could not release an engine: " + e.getMessage(), e);
        }
      }
    }
  }

  private static String euCustomerWithSubscription(
      EmulatedAccount eu, DatabaseEdits edits, long organizationId, String name, String price) {
    String customer = eu.createCustomer(CustomerSpec.of("billing@" + organizationId + ".example.eu").withName(name));
    edits.add("INSERT INTO organizations (id, name, stripe_customer_id, stripe_account) VALUES (?, ?, ?, 'eu')",
        organizationId, name, customer);
    return eu.createSubscription(SubscriptionSpec.forCustomer(customer).price(price).status(SubscriptionStatus.ACTIVE));
  }

  private static long nextOrganizationId(DataSource dataSource) throws SQLException {
    return count(dataSource, "SELECT COALESCE(MAX(id), 0) + 1 FROM organizations");
  }

  private static long count(DataSource dataSource, String sql, Object... parameters) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
