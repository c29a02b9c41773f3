package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypesTest {
  @Test
  void everyRelevantTypeIsASubscriptionOrCustomerTypeAndFitsOneRequest() {
    assertThat(EventTypes.RELEVANT).hasSize(11).startsWith("customer.subscription.created")
        .endsWith("customer.created", "customer.updated", "customer.deleted");
    assertThat(EventTypes.SUBSCRIPTION_TYPES).allMatch(t -> t.startsWith(EventTypes.SUBSCRIPTION_PREFIX));
    assertThat(EventTypes.groups(EventTypes.RELEVANT, EventTypes.MAX_TYPES_PER_REQUEST))
        .containsExactly(EventTypes.RELEVANT);
  }

  @Test
  void groupsKeepOrderAndSplitAtTheLimit() {
    assertThat(EventTypes.groups(List.of("a", "b", "c", "d", "e"), 2))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
    assertThat(EventTypes.groups(List.of("a", "b"), 1)).containsExactly(List.of("a"), List.of("b"));
    assertThat(EventTypes.groups(List.of(), 3)).isEmpty();
  }

  @Test
  void aGroupSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> EventTypes.groups(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
