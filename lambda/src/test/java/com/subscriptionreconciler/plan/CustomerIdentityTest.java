package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.org;
import static com.subscriptionreconciler.plan.Fixtures.row;
import static com.subscriptionreconciler.plan.Fixtures.rowFor;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Which Stripe customer a row or a subscription belongs to, in every combination the two tables allow: the
 * row's own {@code stripe_customer_id}, its organization's, neither, or a customer nobody owns. Each case
 * names the customer whose deletion or ownership decides, so a planner that looked at the other one fails.
 */
class CustomerIdentityTest {
  private static final String ORG_CUSTOMER = "cus_org";
  private static final String ROW_CUSTOMER = "cus_row";
  private static final long ORG_ID = 1;

  private final SubscriptionPlanner planner = new SubscriptionPlanner(RULES, NOW);

  private static OrganizationRow organization() {
    return org(ORG_ID, ORG_CUSTOMER, "pro", "active");
  }

  private Plan plan(List<StripeSubscription> subs, List<SubscriptionRow> rows, List<OrganizationRow> orgs,
      List<StripeCustomer> customers, Set<String> missing) {
    return planner.plan(new SubscriptionBatch(subs, rows, orgs, customers, missing));
  }

  private static StripeCustomer deleted(String id) {
    return new StripeCustomer(id, true);
  }

  @Nested
  class RowCustomerDiffersFromOrganizationCustomer {
    private final SubscriptionRow orphan =
        row(10).org(ORG_ID).subscriptionId("sub_x").customer(ROW_CUSTOMER).version(4).build();

    @Test
    void theRowsOwnDeletedCustomerArchivesIt() {
      Plan p = plan(List.of(), List.of(orphan), List.of(organization()), List.of(deleted(ROW_CUSTOMER)), Set.of());

      assertThat(p.changes()).containsExactly(new EntityChange(Entity.SUBSCRIPTION, 10L, "sub_x", Action.ARCHIVE,
          List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled"),
              new FieldChange(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z"),
              new FieldChange(SubscriptionField.ARCHIVE_REASON, null, "stripe_customer_deleted")),
          4, ORG_ID));
      // the organization's own customer is alive: it is touched only because its row changed
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG_ID);
    }

    @Test
    void theOrganizationsDeletedCustomerSaysNothingAboutARowOfAnotherCustomer() {
      Plan p = plan(List.of(), List.of(orphan), List.of(organization()), List.of(deleted(ORG_CUSTOMER)), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.untouched()).isEqualTo(1);
      // the organization itself is still derived again: its own customer is gone
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG_ID);
    }

    @Test
    void aListedSubscriptionIsJudgedByItsStripeCustomerNotTheOrganizations() {
      StripeSubscription s = sub("sub_x").customer(ROW_CUSTOMER).build();
      SubscriptionRow row = rowFor(s, 10).org(ORG_ID).build();

      Plan p = plan(List.of(s), List.of(row), List.of(organization()), List.of(deleted(ORG_CUSTOMER)), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.inSync()).isEqualTo(1);
    }
  }

  @Nested
  class CustomerWithoutOrganization {
    @Test
    void aRowWhoseCustomerNoOrganizationOwnsIsSyncedWithoutAnOwnershipWarning() {
      StripeSubscription s = sub("sub_1").customer("cus_nobody").status("past_due").build();
      SubscriptionRow row = rowFor(sub("sub_1").customer("cus_nobody").build(), 10).org(ORG_ID).build();

      Plan p = plan(List.of(s), List.of(row), List.of(organization()), List.of(), Set.of());

      assertThat(p.changes()).extracting(EntityChange::action).containsExactly(Action.UPDATE);
      assertThat(p.changes().get(0).changes())
          .containsExactly(new FieldChange(SubscriptionField.STATUS, "active", "past_due"));
      assertThat(p.warnings()).isEmpty();
      assertThat(p.unlinked()).isEmpty();
    }

    @Test
    void aSubscriptionWithoutRowIsUnlinked() {
      Plan p = plan(List.of(sub("sub_1").customer("cus_nobody").status("trialing").build()), List.of(),
          List.of(organization()), List.of(), Set.of());

      assertThat(p.unlinked()).containsExactly(new Unlinked("sub_1", "cus_nobody", "trialing"));
      assertThat(p.changes()).isEmpty();
      assertThat(p.touchedOrganizationIds()).isEmpty();
    }
  }

  @Nested
  class OrganizationWithoutCustomer {
    private final OrganizationRow customerless = org(2, null, "free", "none");

    @Test
    void aSubscriptionWithoutCustomerIsUnlinkedNeverInsertedIntoIt() {
      StripeSubscription s = sub("sub_1").customer(null).build();

      Plan p = plan(List.of(s), List.of(), List.of(customerless), List.of(), Set.of());

      assertThat(p.unlinked()).containsExactly(new Unlinked("sub_1", null, "active"));
      assertThat(p.changes()).isEmpty();
      assertThat(p.touchedOrganizationIds()).isEmpty();
    }

    @Test
    void itsIdlessRowsAreNeverMatchedToACustomerlessSubscription() {
      StripeSubscription s = sub("sub_1").customer(null).build();
      SubscriptionRow idless = row(10).org(2).customer(null).build();

      Plan p = plan(List.of(s), List.of(idless), List.of(customerless), List.of(), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.unlinked()).extracting(Unlinked::subscriptionId).containsExactly("sub_1");
      assertThat(p.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 1, "organization 2"));
    }

    @Test
    void aCustomerlessOrphanIsLeftAloneWhateverCustomersAreDeleted() {
      SubscriptionRow orphan = row(10).org(2).subscriptionId("sub_x").customer(null).build();

      Plan p = plan(List.of(), List.of(orphan), List.of(customerless), List.of(deleted("cus_other")), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.untouched()).isEqualTo(1);
      assertThat(p.touchedOrganizationIds()).isEmpty();
    }

    @Test
    void theOrganizationPlannerDerivesItWithoutAskingWhetherANullCustomerIsDeleted() {
      // Set.of(..).contains(null) throws: the planner must not ask about a customer the organization lacks
      Plan p = new OrganizationPlanner(RULES, NOW).plan(List.of(customerless), Map.of(), List.of(),
          Set.of("cus_other"));

      assertThat(p.changes()).isEmpty();
    }
  }

  @Nested
  class DeletedCustomer {
    @Test
    void withSubscriptionsItsRowsAreArchivedAndItsOrganizationDerived() {
      StripeSubscription s = sub("sub_1").customer(ORG_CUSTOMER).status("canceled").build();
      SubscriptionRow row = rowFor(sub("sub_1").customer(ORG_CUSTOMER).build(), 10).org(ORG_ID).build();

      Plan p = plan(List.of(s), List.of(row), List.of(organization()), List.of(deleted(ORG_CUSTOMER)), Set.of());

      assertThat(p.changes()).extracting(EntityChange::action).containsExactly(Action.ARCHIVE);
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG_ID);
    }

    @Test
    void withoutAnySubscriptionItsOrganizationIsStillDerived() {
      Plan p = plan(List.of(), List.of(), List.of(organization()), List.of(deleted(ORG_CUSTOMER)), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.checked()).isZero();
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG_ID);
    }

    @Test
    void anOrganizationWhoseDeletedCustomerNeverHadASubscriptionShowsCanceled() {
      // decided (docs/reference.md, How it decides): a deleted customer ends the billing relationship, whether
      // or not it ever subscribed; "none" would read as "never had a customer" to the application
      OrganizationRow neverSubscribed = org(ORG_ID, ORG_CUSTOMER, "free", "none");

      Plan p = new OrganizationPlanner(RULES, NOW).plan(List.of(neverSubscribed), Map.of(), List.of(),
          Set.of(ORG_CUSTOMER));

      assertThat(p.changes()).containsExactly(new EntityChange(Entity.ORGANIZATION, ORG_ID, ORG_CUSTOMER,
          Action.UPDATE, List.of(new FieldChange(OrganizationField.SUBSCRIPTION_STATUS, "none", "canceled")),
          null, ORG_ID));
    }
  }

  @Nested
  class OrphanWhoseOrganizationIsNotInTheBatch {
    @Test
    void aCustomerlessOrphanIsLeftAlone() {
      SubscriptionRow orphan = row(10).org(99).subscriptionId("sub_x").customer(null).build();

      Plan p = plan(List.of(), List.of(orphan), List.of(), List.of(deleted(ORG_CUSTOMER)), Set.of());

      assertThat(p.changes()).isEmpty();
      assertThat(p.untouched()).isEqualTo(1);
    }

    @Test
    void aConfirmedMissingCustomerlessOrphanIsStillArchived() {
      SubscriptionRow orphan = row(10).org(99).subscriptionId("sub_x").customer(null).version(2).build();

      Plan p = plan(List.of(), List.of(orphan), List.of(), List.of(), Set.of("sub_x"));

      assertThat(p.changes()).extracting(EntityChange::action, EntityChange::organizationId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.ARCHIVE, 99L));
      assertThat(p.changes().get(0).change(SubscriptionField.ARCHIVE_REASON).orElseThrow().to())
          .isEqualTo("stripe_subscription_missing");
    }

    @Test
    void anIdlessCustomerlessRowIsWarnedAbout() {
      SubscriptionRow idless = row(10).org(99).customer(null).build();

      Plan p = plan(List.of(), List.of(idless), List.of(), List.of(), Set.of());

      assertThat(p.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 1, "organization 99"));
    }
  }
}
