package com.subscriptionreconciler.testing;

import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.EmulatedAccount;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import java.util.Map;

/** One organization per Stripe account for several-accounts tests, each with an active "pro" subscription. */
public final class AccountSeeds {
  private AccountSeeds() {}

  /**
   * A customer of {@code account} whose organization (labelled {@code label}, null for the default account) is in
   * the database, and its active subscription to {@code price_pro} (lookup key {@code pro_monthly}) in Stripe.
   *
   * @return the subscription's id
   */
  public static String proSubscription(TestDatabase db, EmulatedAccount account, long organizationId, String label) {
    String customer = account.createCustomer(CustomerSpec.of("org" + organizationId + "@example.com"));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id, stripe_account) VALUES (?, ?, ?, ?)",
        organizationId, "Org " + organizationId, customer, label);
    String product = account.createProduct("prod_pro", "Pro", Map.of());
    String price = account.createPrice(PriceSpec.monthly(product, "pro_monthly", 4900).withId("price_pro"));
    return account.createSubscription(
        SubscriptionSpec.forCustomer(customer).price(price).status(SubscriptionStatus.ACTIVE));
  }
}
