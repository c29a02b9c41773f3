package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.item;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscription's customer identities, and its complete item list. */
class StripeSubscriptionTest {
  @Test
  void theCustomerComesBeforeTheCustomerAccountAndAbsentIdsAreLeftOut() {
    assertThat(sub("sub_1").customer("cus_1").customerAccount("acct_1").build().customerIdentities())
        .containsExactly("cus_1", "acct_1");
    assertThat(sub("sub_1").customer("cus_1").build().customerIdentities()).containsExactly("cus_1");
    assertThat(sub("sub_1").customer(null).customerAccount("acct_1").build().customerIdentities())
        .containsExactly("acct_1");
    assertThat(sub("sub_1").customer(null).build().customerIdentities()).isEmpty();
  }

  @Test
  void eitherIdNamesTheCustomerAndNullNamesNobody() {
    StripeSubscription s = sub("sub_1").customer("cus_1").customerAccount("acct_1").build();
    assertThat(s.hasCustomerIdentity("cus_1")).isTrue();
    assertThat(s.hasCustomerIdentity("acct_1")).isTrue();
    assertThat(s.hasCustomerIdentity("cus_2")).isFalse();
    assertThat(s.hasCustomerIdentity(null)).isFalse();
    assertThat(sub("sub_1").customer(null).build().hasCustomerIdentity(null)).isFalse();
  }

  @Test
  void withItemsReplacesTheItemsAndKeepsEverythingElse() {
    StripeSubscription s = sub("sub_1").customer("cus_1").customerAccount("acct_1").status("past_due")
        .cancelAtPeriodEnd(true).metadata(Map.of("k", "v")).build();
    List<StripeItem> all = List.of(item().id("si_1").build(), item().id("si_11").price("price_base").build());

    StripeSubscription complete = s.withItems(all);

    assertThat(complete.items()).isEqualTo(all);
    assertThat(complete.withItems(s.items())).isEqualTo(s);
  }

  @Test
  void theTargetNamesTheCustomerElseTheAccountElseNobody() {
    StripeTarget.Factory targets = new StripeTarget.Factory(new TierResolver(Map.of()));
    assertThat(targets.of(sub("sub_1").customer("cus_1").customerAccount("acct_1").build()).values()
        .get(SubscriptionField.STRIPE_CUSTOMER_ID)).isEqualTo("cus_1");
    assertThat(targets.of(sub("sub_1").customer(null).customerAccount("acct_1").build()).values()
        .get(SubscriptionField.STRIPE_CUSTOMER_ID)).isEqualTo("acct_1");
    assertThat(targets.of(sub("sub_1").customer(null).build()).values())
        .containsEntry(SubscriptionField.STRIPE_CUSTOMER_ID, null);
  }
}
