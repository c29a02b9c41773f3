package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.org;
import static com.subscriptionreconciler.plan.Fixtures.rowFor;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Customers represented as Accounts: Stripe returns both {@code customer} (cus_…) and {@code customer_account}
 * (acct_…) on their subscriptions, and an organization may hold either id.
 */
class AccountCustomerPlanningTest {
  private static final String CUS = "cus_Acc";
  private static final String ACCT = "acct_1Acc";
  private final SubscriptionPlanner planner = new SubscriptionPlanner(RULES, NOW);

  private Plan plan(List<StripeSubscription> subs, List<SubscriptionRow> rows, OrganizationRow org,
      List<StripeCustomer> customers) {
    return planner.plan(new SubscriptionBatch(subs, rows, List.of(org), customers, Set.of()));
  }

  private static StripeSubscription accountSub(String id) {
    return sub(id).customer(CUS).customerAccount(ACCT).build();
  }

  private static FieldChange field(EntityChange c, SubscriptionField f) {
    return c.changes().stream().filter(x -> x.field() == f).findFirst().orElse(null);
  }

  @Test
  void aSubscriptionMissingFromTheDatabaseIsInsertedUnderTheOrganizationHoldingItsAccountId() {
    Plan p = plan(List.of(accountSub("sub_A")), List.of(), org(7, ACCT, "free", "none"), List.of());

    assertThat(p.unlinked()).isEmpty();
    assertThat(p.changes()).hasSize(1);
    EntityChange insert = p.changes().get(0);
    assertThat(insert.action()).isEqualTo(Action.INSERT);
    assertThat(insert.organizationId()).isEqualTo(7L);
    assertThat(field(insert, SubscriptionField.STRIPE_CUSTOMER_ID).to())
        .as("the row names the customer as its organization does").isEqualTo(ACCT);
    assertThat(field(insert, SubscriptionField.PLAN_TIER).to()).isEqualTo("pro");
  }

  @Test
  void anOrganizationHoldingTheCusIdStillMatchesAnAccountCustomersSubscription() {
    Plan p = plan(List.of(accountSub("sub_A")), List.of(), org(7, CUS, "free", "none"), List.of());

    assertThat(p.changes()).singleElement().satisfies(c -> {
      assertThat(c.organizationId()).isEqualTo(7L);
      assertThat(field(c, SubscriptionField.STRIPE_CUSTOMER_ID).to()).isEqualTo(CUS);
    });
  }

  @Test
  void aRowNamingTheCustomerByEitherIdIsInSync() {
    StripeSubscription s = accountSub("sub_A");
    Plan byAccount = plan(List.of(s), List.of(rowFor(s, 10).org(7).customer(ACCT).build()),
        org(7, ACCT, "pro", "active"), List.of());
    Plan byCustomer = plan(List.of(s), List.of(rowFor(s, 10).org(7).customer(CUS).build()),
        org(7, ACCT, "pro", "active"), List.of());

    assertThat(byAccount.isEmpty()).isTrue();
    assertThat(byCustomer.isEmpty()).isTrue();
  }

  @Test
  void aRowNamingAnotherCustomerIsCorrected() {
    StripeSubscription s = accountSub("sub_A");
    Plan p = plan(List.of(s), List.of(rowFor(s, 10).org(7).customer("cus_Wrong").build()),
        org(7, ACCT, "pro", "active"), List.of());

    assertThat(p.changes()).singleElement().satisfies(c -> assertThat(c.changes())
        .containsExactly(new FieldChange(SubscriptionField.STRIPE_CUSTOMER_ID, "cus_Wrong", CUS)));
  }

  @Test
  void anIdlessRowOfTheOrganizationHoldingTheAccountIdGetsTheSubscriptionId() {
    StripeSubscription s = accountSub("sub_A");
    SubscriptionRow idless = rowFor(s, 10).org(7).subscriptionId(null).customer(null).build();

    Plan p = plan(List.of(s), List.of(idless), org(7, ACCT, "pro", "active"), List.of());

    assertThat(p.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(Action.UPDATE);
      assertThat(c.entityId()).isEqualTo(10L);
      assertThat(field(c, SubscriptionField.STRIPE_SUBSCRIPTION_ID).to()).isEqualTo("sub_A");
    });
  }

  @Test
  void anAccountCustomerNoOrganizationHoldsIsUnlinkedUnderItsAccountId() {
    Plan p = plan(List.of(accountSub("sub_A")), List.of(), org(7, "cus_Other", "free", "none"), List.of());

    assertThat(p.changes()).isEmpty();
    assertThat(p.unlinked()).containsExactly(new Unlinked("sub_A", ACCT, "active"));
  }

  @Test
  void aSubscriptionWithOnlyACustomerAccountIsMatchedByIt() {
    StripeSubscription s = sub("sub_A").customer(null).customerAccount(ACCT).build();

    Plan p = plan(List.of(s), List.of(), org(7, ACCT, "free", "none"), List.of());

    assertThat(p.changes()).singleElement().satisfies(c -> assertThat(c.organizationId()).isEqualTo(7L));
  }

  @Test
  void aDeletedCustomerArchivesTheRowsOfTheOrganizationHoldingItsAccountId() {
    SubscriptionRow orphaned = rowFor(sub("sub_Gone").build(), 10).org(7).customer(null).build();

    // the decoder reports a deleted Account customer under both of its ids
    Plan p = plan(List.of(), List.of(orphaned), org(7, ACCT, "pro", "active"),
        List.of(new StripeCustomer(CUS, true), new StripeCustomer(ACCT, true)));

    assertThat(p.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(Action.ARCHIVE);
      assertThat(field(c, SubscriptionField.ARCHIVE_REASON).to()).isEqualTo("stripe_customer_deleted");
    });
    assertThat(p.touchedOrganizationIds()).containsExactly(7L);
  }
}
