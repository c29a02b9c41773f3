package com.subscriptionreconciler.run;

import com.subscriptionreconciler.app.ProductionWiring;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.LogLevel;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.StripeSettings;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.sequence.RunStarter;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A real engine over a real database and the Stripe emulator (over HTTP, through stripe-java), with a small
 * catalog: product "Pro" (price_pro_monthly, lookup key pro_monthly) and "Team" (price_team_monthly, tier from
 * price metadata). Tests seed organizations, let a first run insert their subscriptions, then make drift.
 */
public final class EngineFixture implements AutoCloseable {
  public static final Map<String, String> TIER_MAP = Map.of("pro_monthly", "pro", "price_basic", "basic");

  public final StripeEmulator emulator = StripeEmulator.start();
  public final EmulatedAccount account = emulator.account();
  final TestDatabase db;
  public final String proPrice;
  final String teamPrice;
  final String basicPrice;

  EngineFixture(TestDatabase db) {
    this.db = db;
    db.truncateAll();
    String pro = account.createProduct("prod_pro", "Pro", Map.of());
    String team = account.createProduct("prod_team", "Team", Map.of());
    proPrice = account.createPrice(PriceSpec.monthly(pro, "pro_monthly", 4900).withId("price_pro_monthly"));
    teamPrice =
        account.createPrice(
            PriceSpec.monthly(team, null, 9900).withId("price_team_monthly").withMetadata(Map.of("plan_tier", "team")));
    basicPrice = account.createPrice(PriceSpec.monthly(pro, null, 900).withId("price_basic"));
  }

  /** Relaxed guard: most tests change a large share of a tiny account on purpose. */
  public static final ReconcileRules RULES = new ReconcileRules(TIER_MAP, "free", 0.5, 10_000);

  public RunStarter engine() {
    return engine(RULES, db.dataSource());
  }

  public RunStarter engine(ReconcileRules rules) {
    return engine(rules, db.dataSource());
  }

  public RunStarter engine(ReconcileRules rules, DataSource dataSource) {
    return engine(rules, dataSource, 200);
  }

  public RunStarter engine(ReconcileRules rules, DataSource dataSource, double maxRps) {
    return ProductionWiring.create(config(rules, emulator.baseUrl(), maxRps), dataSource);
  }

  ReconcilerConfig config(ReconcileRules rules, String apiBase) {
    return config(rules, apiBase, 200);
  }

  ReconcilerConfig config(ReconcileRules rules, String apiBase, double maxRps) {
    return new ReconcilerConfig(
        new StripeSettings(apiBase, Secret.of(emulator.apiKey()), maxRps, 4),
        new DatabaseSettings(db.jdbcUrl(), db.user(), db.password()),
        rules,
        LogLevel.INFO,
        Optional.empty());
  }

  /** A Stripe customer with an organization that owns it. */
  public String customerWithOrganization(long organizationId) {
    String customer = account.createCustomer(CustomerSpec.of("org" + organizationId + "@example.com"));
    organization(organizationId, customer);
    return customer;
  }

  /** An organization holding {@code stripeCustomerId} (a cus_… or an acct_…, or null). */
  public void organization(long organizationId, String stripeCustomerId) {
    db.execute(
        "INSERT INTO organizations (id, name, stripe_customer_id) VALUES (?, ?, ?)",
        organizationId, "Org " + organizationId, stripeCustomerId);
  }

  public String subscription(String customer, String price, SubscriptionStatus status) {
    return account.createSubscription(SubscriptionSpec.forCustomer(customer).price(price).status(status));
  }

  Map<String, Object> row(String subscriptionId) {
    List<Map<String, Object>> rows =
        db.query("SELECT * FROM subscriptions WHERE stripe_subscription_id = ?", subscriptionId);
    return rows.isEmpty() ? null : rows.get(0);
  }

  public Map<String, Object> organization(long id) {
    return db.query("SELECT * FROM organizations WHERE id = ?", id).get(0);
  }

  public static RunRequest full() {
    return RunRequest.full(Trigger.CLI);
  }

  static RunRequest dryRun() {
    return full().withDryRun(true);
  }

  @Override
  public void close() {
    emulator.close();
  }
}
