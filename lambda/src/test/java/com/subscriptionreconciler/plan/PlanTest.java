package com.subscriptionreconciler.plan;

import static com.subscriptionreconciler.plan.SampleChanges.ARCHIVE;
import static com.subscriptionreconciler.plan.SampleChanges.INSERT;
import static com.subscriptionreconciler.plan.SampleChanges.ORG;
import static com.subscriptionreconciler.plan.SampleChanges.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final Plan batch1 = new Plan(List.of(UPDATE, INSERT), List.of(new Unlinked("sub_9", "cus_9", "active")),
      List.of(new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_x", 1, "sub_5")), 10, 7, 0, Set.of(1L));
  private final Plan batch2 = new Plan(List.of(ARCHIVE), List.of(),
      List.of(new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_x", 2, "sub_6"),
          new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_y", 1, "sub_7")), 5, 3, 1, Set.of(2L));

  @Test
  void mergingAddsCountsConcatenatesChangesAndAggregatesWarnings() {
    Plan merged = Plan.mergeAll(List.of(batch1, batch2, Plan.of(List.of(ORG))));
    assertThat(merged.changes()).containsExactly(UPDATE, INSERT, ARCHIVE, ORG);
    assertThat(merged.checked()).isEqualTo(15);
    assertThat(merged.inSync()).isEqualTo(10);
    assertThat(merged.untouched()).isEqualTo(1);
    assertThat(merged.unlinked()).hasSize(1);
    assertThat(merged.touchedOrganizationIds()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(merged.warnings()).containsExactly(
        new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_x", 3, "sub_5"),
        new PlanWarning(PlanWarning.Kind.UNKNOWN_PRICE, "price_y", 1, "sub_7"));
    assertThat(batch1.merge(batch2)).isEqualTo(Plan.mergeAll(List.of(batch1, batch2)));
    assertThat(Plan.mergeAll(List.of())).isEqualTo(Plan.empty());
  }

  @Test
  void countsForTheReport() {
    Plan merged = Plan.mergeAll(List.of(batch1, batch2, Plan.of(List.of(ORG))));
    assertThat(merged.isEmpty()).isFalse();
    assertThat(Plan.empty().isEmpty()).isTrue();
    assertThat(merged.subscriptionChanges()).isEqualTo(3);
    assertThat(merged.count(Entity.SUBSCRIPTION, Action.INSERT)).isEqualTo(1);
    assertThat(merged.count(Entity.SUBSCRIPTION, Action.ARCHIVE)).isEqualTo(1);
    assertThat(merged.changesOf(Entity.ORGANIZATION)).containsExactly(ORG);
  }

  @Test
  void entityChangesAreValidated() {
    assertThatThrownBy(() -> new EntityChange(Entity.SUBSCRIPTION, 1L, "sub", Action.UPDATE, List.of(), 0, 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntityChange(Entity.SUBSCRIPTION, 1L, "sub", Action.INSERT,
        List.of(new FieldChange(SubscriptionField.STATUS, null, "active")), null, 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntityChange(Entity.SUBSCRIPTION, null, "sub", Action.UPDATE,
        List.of(new FieldChange(SubscriptionField.STATUS, null, "active")), null, 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wireNamesParseBack() {
    for (Action a : Action.values()) {
      assertThat(Action.parse(a.wireName())).isEqualTo(a);
    }
    for (Entity e : Entity.values()) {
      assertThat(Entity.parse(e.wireName())).isEqualTo(e);
    }
    assertThat(ArchiveReason.STRIPE_SUBSCRIPTION_MISSING.wireName()).isEqualTo("stripe_subscription_missing");
    assertThat(ArchiveReason.STRIPE_CUSTOMER_DELETED.wireName()).isEqualTo("stripe_customer_deleted");
  }
}
