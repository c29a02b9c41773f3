package com.subscriptionreconciler.run.collect.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenSubscriptionsTest {

  @Test
  void lookupsBetweenAddsAgreeWithAPlainSet() {
    SeenSubscriptions seen = new SeenSubscriptions();
    Set<String> expected = new HashSet<>();
    Random random = new Random(11);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 1 + random.nextInt(300); i++) {
        String id = "sub_" + random.nextInt(20_000);
        seen.add(id);
        expected.add(id);
      }
      for (int probe = 0; probe < 200; probe++) {
        String id = "sub_" + random.nextInt(20_000);
        assertThat(seen.contains(id)).as(id).isEqualTo(expected.contains(id));
      }
    }
    assertThat(seen.sortedFingerprints()).isSorted();
  }

  @Test
  void aSetCarriedFromAnEarlierInvocationTakesMoreAdds() {
    SeenSubscriptions earlier = new SeenSubscriptions();
    earlier.add("sub_a");
    earlier.add("sub_b");
    SeenSubscriptions carried = SeenSubscriptions.of(earlier.sortedFingerprints());

    carried.add("sub_c");

    assertThat(carried.contains("sub_a")).isTrue();
    assertThat(carried.contains("sub_c")).isTrue();
    assertThat(carried.contains("sub_d")).isFalse();
    carried.add("sub_0");
    assertThat(carried.contains("sub_0")).isTrue();
    assertThat(carried.size()).isEqualTo(4);
  }
}
