package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.Fixtures.CUSTOMER;
import static com.subscriptionreconciler.plan.Fixtures.NOW;
import static com.subscriptionreconciler.plan.Fixtures.ORG;
import static com.subscriptionreconciler.plan.Fixtures.RULES;
import static com.subscriptionreconciler.plan.Fixtures.item;
import static com.subscriptionreconciler.plan.Fixtures.org;
import static com.subscriptionreconciler.plan.Fixtures.row;
import static com.subscriptionreconciler.plan.Fixtures.rowFor;
import static com.subscriptionreconciler.plan.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionPlannerTest {
  private static final Instant LATER = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant T3 = Instant.parse("2026-04-01T00:00:00Z");

  private final SubscriptionPlanner planner = new SubscriptionPlanner(RULES, NOW);

  private Plan plan(List<StripeSubscription> subs, List<SubscriptionRow> rows) {
    return plan(subs, rows, List.of(org()), List.of(), Set.of());
  }

  private Plan plan(List<StripeSubscription> subs, List<SubscriptionRow> rows, List<OrganizationRow> orgs,
      List<StripeCustomer> customers, Set<String> missing) {
    return planner.plan(new SubscriptionBatch(subs, rows, orgs, customers, missing));
  }

  /** Plans one Stripe subscription against its in-sync row bent by {@code bend}. */
  private Plan planDrift(StripeSubscription s, UnaryOperator<Fixtures.RowBuilder> bend) {
    return plan(List.of(s), List.of(bend.apply(rowFor(s, 10)).build()));
  }

  /** Plans {@code s} against the row of a plain, healthy {@code sub_1} bent by {@code bend}. */
  private Plan planAgainstDefaultRow(StripeSubscription s, UnaryOperator<Fixtures.RowBuilder> bend) {
    return plan(List.of(s), List.of(bend.apply(rowFor(sub(s.id()).build(), 10)).build()));
  }

  private static FieldChange change(SubscriptionField f, String from, String to) {
    return new FieldChange(f, from, to);
  }

  private static List<FieldChange> onlyChanges(Plan p) {
    assertThat(p.changes()).hasSize(1);
    return p.changes().get(0).changes();
  }

  @Nested
  class InSync {
    @Test
    void aMatchingRowProducesAnEmptyPlan() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = planDrift(s, r -> r);
      assertThat(p.isEmpty()).isTrue();
      assertThat(p.checked()).isEqualTo(1);
      assertThat(p.inSync()).isEqualTo(1);
      assertThat(p.warnings()).isEmpty();
      assertThat(p.touchedOrganizationIds()).isEmpty();
    }

    @Test
    void subMillisecondDifferencesAndMetadataOrderAreNotDrift() {
      StripeSubscription s = sub("sub_1").metadata(Map.of("seats", "5", "region", "eu")).build();
      Plan p = planDrift(s, r -> r.period(Fixtures.PERIOD_START.plusNanos(400_000), Fixtures.PERIOD_END)
          .metadata("{\"seats\":\"5\",  \"region\":\"eu\"}"));
      assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void emptyStripeMetadataMatchesNullMetadata() {
      StripeSubscription s = sub("sub_1").metadata(Map.of()).build();
      assertThat(planDrift(s, r -> r.metadata(null)).isEmpty()).isTrue();
      assertThat(planDrift(s, r -> r.metadata("{}")).isEmpty()).isTrue();
    }

    @Test
    void aSecondPlanOverTheProjectedRowsIsEmpty() {
      StripeSubscription s = sub("sub_1").status("past_due").cancelAtPeriodEnd(true).build();
      SubscriptionRow stale = rowFor(sub("sub_1").build(), 10).tier("free").quantity(9L).build();
      Plan first = plan(List.of(s), List.of(stale));
      SubscriptionRow after = stale.with(first.changes().get(0).changes());
      assertThat(plan(List.of(s), List.of(after)).isEmpty()).isTrue();
    }
  }

  @Nested
  class Updates {
    @ParameterizedTest
    @ValueSource(strings = {"active", "trialing", "past_due", "unpaid", "incomplete", "incomplete_expired",
        "paused", "canceled", "some_future_status"})
    void everyStatusIsCopiedVerbatim(String status) {
      StripeSubscription s = sub("sub_1").status(status).build();
      Plan p = planDrift(s, r -> r.status("active"));
      if (status.equals("active")) {
        assertThat(p.isEmpty()).isTrue();
      } else {
        EntityChange c = p.changes().get(0);
        assertThat(c.action()).isEqualTo(Action.UPDATE);
        assertThat(c.entityId()).isEqualTo(10L);
        assertThat(c.stripeId()).isEqualTo("sub_1");
        assertThat(c.expectedVersion()).isEqualTo(3);
        assertThat(c.organizationId()).isEqualTo(ORG);
        assertThat(c.changes()).containsExactly(change(SubscriptionField.STATUS, "active", status));
      }
    }

    @Test
    void billingPeriodComesFromTheItem() {
      StripeSubscription s = sub("sub_1").items(item().period(T2, T3).build()).build();
      assertThat(onlyChanges(planDrift(s, r -> r.period(T1, T2)))).containsExactly(
          change(SubscriptionField.CURRENT_PERIOD_START, "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"),
          change(SubscriptionField.CURRENT_PERIOD_END, "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"));
    }

    @Test
    void cancelAtPeriodEndAndCancelAt() {
      StripeSubscription s = sub("sub_1").cancelAtPeriodEnd(true).cancelAt(Fixtures.PERIOD_END).build();
      assertThat(onlyChanges(planDrift(s, r -> r.cancelAtPeriodEnd(false).cancelAt(null)))).containsExactly(
          change(SubscriptionField.CANCEL_AT_PERIOD_END, "false", "true"),
          change(SubscriptionField.CANCEL_AT, null, "2026-12-10T09:00:00.000Z"));
    }

    @Test
    void cancellationUndoneInStripeClearsTheColumns() {
      StripeSubscription s = sub("sub_1").build();
      assertThat(onlyChanges(planDrift(s, r -> r.cancelAtPeriodEnd(true).cancelAt(T3)))).containsExactly(
          change(SubscriptionField.CANCEL_AT_PERIOD_END, "true", "false"),
          change(SubscriptionField.CANCEL_AT, "2026-04-01T00:00:00.000Z", null));
    }

    @Test
    void canceledSubscription() {
      StripeSubscription s = sub("sub_1").status("canceled").canceledAt(T2).endedAt(T3).build();
      assertThat(onlyChanges(planAgainstDefaultRow(s, r -> r))).containsExactly(
          change(SubscriptionField.STATUS, "active", "canceled"),
          change(SubscriptionField.CANCELED_AT, null, "2026-03-01T00:00:00.000Z"),
          change(SubscriptionField.ENDED_AT, null, "2026-04-01T00:00:00.000Z"));
    }

    @Test
    void trials() {
      StripeSubscription s = sub("sub_1").status("trialing").trial(T1, T3).build();
      assertThat(onlyChanges(planDrift(s, r -> r.status("trialing").trial(T1, T2)))).containsExactly(
          change(SubscriptionField.TRIAL_END, "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"));
    }

    @Test
    void metadataChangeIsComparedAsJson() {
      StripeSubscription s = sub("sub_1").metadata(Map.of("seats", "6", "region", "eu")).build();
      assertThat(onlyChanges(planDrift(s, r -> r))).containsExactly(change(SubscriptionField.METADATA,
          "{\"region\":\"eu\",\"seats\":\"5\"}", "{\"region\":\"eu\",\"seats\":\"6\"}"));
    }

    @Test
    void priceQuantityTierAndCustomer() {
      StripeSubscription s = sub("sub_1").items(item().price("price_t").lookupKey("team_monthly").quantity(4L)
          .build()).build();
      assertThat(onlyChanges(planAgainstDefaultRow(s, r -> r.customer(null)))).containsExactly(
          change(SubscriptionField.STRIPE_CUSTOMER_ID, null, CUSTOMER),
          change(SubscriptionField.STRIPE_PRICE_ID, "price_pro", "price_t"),
          change(SubscriptionField.PLAN_TIER, "pro", "team"),
          change(SubscriptionField.QUANTITY, "1", "4"));
    }

    @Test
    void unknownPriceKeepsTheTierAndWarnsOncePerPrice() {
      StripeSubscription s1 = sub("sub_1").items(item().price("price_mystery").build()).build();
      StripeSubscription s2 = sub("sub_2").items(item().price("price_mystery").build()).build();
      Plan p = plan(List.of(s1, s2), List.of(rowFor(s1, 10).tier("enterprise").build(),
          rowFor(s2, 11).tier("enterprise").priceId("price_pro").build()));
      assertThat(p.changes()).hasSize(1);
      assertThat(p.changes().get(0).changes())
          .containsExactly(change(SubscriptionField.STRIPE_PRICE_ID, "price_pro", "price_mystery"));
      Plan merged = Plan.mergeAll(List.of(p));
      assertThat(merged.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_mystery", 2, "sub_1"));
      assertThat(merged.warningMessages().get(0)).contains("unknown price price_mystery", "2 times", "sub_1");
    }

    @Test
    void multipleItemsUseThePrimaryItem() {
      StripeItem addOn = item().id("si_addon").price("price_addon").quantity(30L).created(T1)
          .period(T1, T2).build();
      StripeItem plan = item().id("si_plan").price("price_pro").quantity(2L).created(T2).build();
      StripeSubscription s = sub("sub_1").items(addOn, plan).build();
      assertThat(onlyChanges(planAgainstDefaultRow(s, r -> r.quantity(1L)))).containsExactly(
          change(SubscriptionField.QUANTITY, "1", "2"));
      assertThat(plan(List.of(s), List.of(rowFor(s, 10).build())).warnings()).isEmpty();
    }

    @Test
    void subscriptionWithoutItemsKeepsItemFieldsAndWarns() {
      StripeSubscription s = sub("sub_1").status("canceled").items().build();
      Plan p = plan(List.of(s), List.of(rowFor(sub("sub_1").build(), 10).build()));
      assertThat(onlyChanges(p)).containsExactly(change(SubscriptionField.STATUS, "active", "canceled"));
      assertThat(p.warnings()).extracting(PlanWarning::kind).containsExactly(PlanWarning.Kind.NO_ITEMS);
    }

    @Test
    void rowOfAnotherOrganizationIsSyncedWithAWarning() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = plan(List.of(s), List.of(rowFor(s, 10).org(2).build()),
          List.of(org(), org(2, "cus_B", "free", "none")), List.of(), Set.of());
      assertThat(p.isEmpty()).isTrue();
      assertThat(p.warnings()).extracting(PlanWarning::kind).containsExactly(PlanWarning.Kind.ORGANIZATION_MISMATCH);
    }

    @Test
    void duplicateStripeSubscriptionsInABatchArePlannedOnce() {
      StripeSubscription s = sub("sub_1").status("past_due").build();
      Plan p = plan(List.of(s, s), List.of(rowFor(sub("sub_1").build(), 10).build()));
      assertThat(p.changes()).hasSize(1);
      assertThat(p.checked()).isEqualTo(1);
    }
  }

  @Nested
  class RowsWithoutSubscriptionId {
    @Test
    void theIdIsFilledInAndTheRestSynced() {
      StripeSubscription s = sub("sub_1").status("trialing").build();
      SubscriptionRow idless = rowFor(s, 10).subscriptionId(null).status("incomplete").build();
      EntityChange c = plan(List.of(s), List.of(idless)).changes().get(0);
      assertThat(c.action()).isEqualTo(Action.UPDATE);
      assertThat(c.entityId()).isEqualTo(10L);
      assertThat(c.changes()).containsExactly(
          change(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, "sub_1"),
          change(SubscriptionField.STATUS, "incomplete", "trialing"));
    }

    @Test
    void severalSubscriptionsAndRowsAreZippedNewestFirst() {
      StripeSubscription oldest = sub("sub_old").status("canceled").created(T1).build();
      StripeSubscription middle = sub("sub_mid").created(T2).build();
      StripeSubscription newest = sub("sub_new").created(T3).build();
      SubscriptionRow olderRow = row(10).createdAt(T1).build();
      SubscriptionRow newerRow = row(11).createdAt(T2).build();
      Plan p = plan(List.of(oldest, newest, middle), List.of(olderRow, newerRow));

      assertThat(p.changes()).extracting(EntityChange::stripeId, EntityChange::entityId, EntityChange::action)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("sub_old", null, Action.INSERT),
              org.assertj.core.groups.Tuple.tuple("sub_new", 11L, Action.UPDATE),
              org.assertj.core.groups.Tuple.tuple("sub_mid", 10L, Action.UPDATE));
    }

    @Test
    void aSubscriptionAlreadyLinkedByIdIsNeverMatchedAgain() {
      StripeSubscription linked = sub("sub_1").created(T3).build();
      StripeSubscription other = sub("sub_2").created(T1).build();
      Plan p = plan(List.of(linked, other), List.of(rowFor(linked, 10).build(), row(11).build()));
      assertThat(p.changes()).hasSize(1);
      assertThat(p.changes().get(0).entityId()).isEqualTo(11L);
      assertThat(p.changes().get(0).changes().get(0))
          .isEqualTo(change(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, "sub_2"));
    }

    @Test
    void moreRowsThanSubscriptionsLeavesTheOldestRowsUntouchedWithAWarning() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = plan(List.of(s), List.of(row(10).createdAt(T1).build(), row(11).createdAt(T2).build()));
      assertThat(p.changes()).extracting(EntityChange::entityId).containsExactly(11L);
      assertThat(p.untouched()).isEqualTo(1);
      assertThat(p.warnings()).containsExactly(
          new PlanWarning(PlanWarning.Kind.UNMATCHED_ROW, "10", 1, "organization 1"));
    }

    @Test
    void archivedIdlessRowsAreNotMatched() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = plan(List.of(s), List.of(row(10).archived(T1, "stripe_customer_deleted").build()));
      assertThat(p.changes()).extracting(EntityChange::action).containsExactly(Action.INSERT);
      assertThat(p.untouched()).isEqualTo(1);
    }

    @Test
    void rowsOfAnotherOrganizationAreNotMatched() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = plan(List.of(s), List.of(row(10).org(2).customer(null).build()),
          List.of(org(), org(2, "cus_B", "free", "none")), List.of(), Set.of());
      assertThat(p.changes()).extracting(EntityChange::action).containsExactly(Action.INSERT);
    }
  }

  @Nested
  class MissingRows {
    @Test
    void aSubscriptionOfAKnownCustomerIsInsertedWithEveryValue() {
      StripeSubscription s = sub("sub_1").status("trialing").trial(T1, T2).cancelAt(T3).build();
      Plan p = plan(List.of(s), List.of());
      EntityChange c = p.changes().get(0);
      assertThat(c.action()).isEqualTo(Action.INSERT);
      assertThat(c.entityId()).isNull();
      assertThat(c.expectedVersion()).isNull();
      assertThat(c.organizationId()).isEqualTo(ORG);
      assertThat(c.changes()).containsExactly(
          change(SubscriptionField.STRIPE_SUBSCRIPTION_ID, null, "sub_1"),
          change(SubscriptionField.STRIPE_CUSTOMER_ID, null, CUSTOMER),
          change(SubscriptionField.STATUS, null, "trialing"),
          change(SubscriptionField.STRIPE_PRICE_ID, null, "price_pro"),
          change(SubscriptionField.PLAN_TIER, null, "pro"),
          change(SubscriptionField.QUANTITY, null, "1"),
          change(SubscriptionField.CURRENT_PERIOD_START, null, "2026-11-10T09:00:00.000Z"),
          change(SubscriptionField.CURRENT_PERIOD_END, null, "2026-12-10T09:00:00.000Z"),
          change(SubscriptionField.CANCEL_AT_PERIOD_END, null, "false"),
          change(SubscriptionField.CANCEL_AT, null, "2026-04-01T00:00:00.000Z"),
          change(SubscriptionField.TRIAL_START, null, "2026-02-01T00:00:00.000Z"),
          change(SubscriptionField.TRIAL_END, null, "2026-03-01T00:00:00.000Z"),
          change(SubscriptionField.METADATA, null, "{\"region\":\"eu\",\"seats\":\"5\"}"));
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG);
    }

    @Test
    void anInsertWithAnUnknownPriceLeavesTheTierNull() {
      StripeSubscription s = sub("sub_1").items(item().price("price_mystery").build()).build();
      Plan p = plan(List.of(s), List.of());
      assertThat(p.changes().get(0).change(SubscriptionField.PLAN_TIER)).isEmpty();
      assertThat(p.warnings()).extracting(PlanWarning::kind).containsExactly(PlanWarning.Kind.UNKNOWN_PRICE);
    }

    @Test
    void aCustomerOfNoOrganizationIsUnlinkedNeverGuessed() {
      StripeSubscription s = sub("sub_1").customer("cus_stranger").build();
      Plan p = plan(List.of(s), List.of());
      assertThat(p.changes()).isEmpty();
      assertThat(p.unlinked()).containsExactly(new Unlinked("sub_1", "cus_stranger", "active"));
      assertThat(p.checked()).isEqualTo(1);
    }

    @Test
    void aSubscriptionWithoutCustomerIsUnlinked() {
      Plan p = plan(List.of(sub("sub_1").customer(null).build()), List.of());
      assertThat(p.unlinked()).hasSize(1);
    }

    @Test
    void anArchivedRowIsNotReinsertedNorTouched() {
      StripeSubscription s = sub("sub_1").status("past_due").build();
      Plan p = planDrift(s, r -> r.archived(T1, "stripe_subscription_missing").status("canceled"));
      assertThat(p.isEmpty()).isTrue();
      assertThat(p.untouched()).isEqualTo(1);
    }
  }

  @Nested
  class Orphans {
    private final SubscriptionRow orphan = row(10).subscriptionId("sub_gone").version(7).build();

    @Test
    void aConfirmedMissingSubscriptionIsArchivedNeverDeleted() {
      Plan p = plan(List.of(), List.of(orphan), List.of(org()), List.of(), Set.of("sub_gone"));
      EntityChange c = p.changes().get(0);
      assertThat(c.action()).isEqualTo(Action.ARCHIVE);
      assertThat(c.entityId()).isEqualTo(10L);
      assertThat(c.stripeId()).isEqualTo("sub_gone");
      assertThat(c.expectedVersion()).isEqualTo(7);
      assertThat(c.changes()).containsExactly(
          change(SubscriptionField.STATUS, "active", "canceled"),
          change(SubscriptionField.ARCHIVED_AT, null, "2026-11-26T15:00:00.123Z"),
          change(SubscriptionField.ARCHIVE_REASON, null, "stripe_subscription_missing"));
      assertThat(p.checked()).isEqualTo(1);
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG);
    }

    @Test
    void aCanceledOrphanOnlyGetsTheArchiveColumns() {
      SubscriptionRow canceled = row(10).subscriptionId("sub_gone").status("canceled").build();
      Plan p = plan(List.of(), List.of(canceled), List.of(org()), List.of(), Set.of("sub_gone"));
      assertThat(onlyChanges(p)).extracting(FieldChange::field)
          .containsExactly(SubscriptionField.ARCHIVED_AT, SubscriptionField.ARCHIVE_REASON);
    }

    @Test
    void anUnconfirmedRowIsNeverArchived() {
      Plan p = plan(List.of(), List.of(orphan), List.of(org()), List.of(), Set.of("sub_other"));
      assertThat(p.isEmpty()).isTrue();
      assertThat(p.untouched()).isEqualTo(1);
      assertThat(p.warnings()).isEmpty();
    }

    @Test
    void anAlreadyArchivedRowIsLeftAlone() {
      SubscriptionRow archived = row(10).subscriptionId("sub_gone").status("canceled")
          .archived(T1, "stripe_subscription_missing").build();
      Plan p = plan(List.of(), List.of(archived), List.of(org()), List.of(new StripeCustomer(CUSTOMER, true)),
          Set.of("sub_gone"));
      assertThat(p.changes()).isEmpty();
      assertThat(p.untouched()).isEqualTo(1);
    }

    @Test
    void rowsOfADeletedCustomerAreArchived() {
      SubscriptionRow idless = row(11).customer(null).build();
      Plan p = plan(List.of(), List.of(orphan, idless), List.of(org()), List.of(new StripeCustomer(CUSTOMER, true)),
          Set.of());
      assertThat(p.changes()).extracting(EntityChange::entityId, EntityChange::action).containsExactly(
          org.assertj.core.groups.Tuple.tuple(10L, Action.ARCHIVE), org.assertj.core.groups.Tuple.tuple(11L, Action.ARCHIVE));
      assertThat(p.changes().get(0).change(SubscriptionField.ARCHIVE_REASON).orElseThrow().to())
          .isEqualTo("stripe_customer_deleted");
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG);
    }

    @Test
    void aListedSubscriptionOfADeletedCustomerIsArchivedWithStripesValues() {
      StripeSubscription s = sub("sub_1").status("canceled").canceledAt(T3).endedAt(T3).build();
      Plan p = plan(List.of(s), List.of(rowFor(sub("sub_1").build(), 10).build()), List.of(org()),
          List.of(new StripeCustomer(CUSTOMER, true)), Set.of());
      EntityChange c = p.changes().get(0);
      assertThat(c.action()).isEqualTo(Action.ARCHIVE);
      assertThat(c.changes()).extracting(FieldChange::field).containsExactly(
          SubscriptionField.STATUS, SubscriptionField.CANCELED_AT, SubscriptionField.ENDED_AT,
          SubscriptionField.ARCHIVED_AT, SubscriptionField.ARCHIVE_REASON);
    }

    @Test
    void aSubscriptionOfADeletedCustomerWithoutRowIsNotInserted() {
      Plan p = plan(List.of(sub("sub_1").status("canceled").build()), List.of(), List.of(org()),
          List.of(new StripeCustomer(CUSTOMER, true)), Set.of());
      assertThat(p.changes()).isEmpty();
      assertThat(p.untouched()).isEqualTo(1);
      assertThat(p.touchedOrganizationIds()).containsExactly(ORG);
    }

    @Test
    void aConfirmedMissingIdThatStripeListsAnywayIsSyncedNotArchived() {
      StripeSubscription s = sub("sub_1").build();
      Plan p = plan(List.of(s), List.of(rowFor(s, 10).build()), List.of(org()), List.of(), Set.of("sub_1"));
      assertThat(p.isEmpty()).isTrue();
    }
  }

  @Test
  void plansAreDeterministic() {
    List<StripeSubscription> subs = List.of(sub("sub_a").created(T1).build(), sub("sub_b").created(T2).build(),
        sub("sub_c").customer("cus_x").build());
    List<SubscriptionRow> rows = List.of(row(1).createdAt(T1).build(), row(2).createdAt(T2).build());
    assertThat(plan(subs, rows)).isEqualTo(plan(subs, rows));
  }
}
