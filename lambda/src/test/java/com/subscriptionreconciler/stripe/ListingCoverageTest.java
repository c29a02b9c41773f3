package com.subscriptionreconciler.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.stripe.PartitionedLister.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingCoverageTest {

  @Test
  void nothingIsCoveredBeforeTheWalk() {
    assertThat(ListingCoverage.NONE.covers(1_700_000_000L, 1_700_000_001L)).isFalse();
    assertThat(ListingCoverage.NONE.coveredSince(ListingCoverage.NONE)).isEmpty();
  }

  @Test
  void secondsOutsideTheRemainingSpansAreCovered() {
    // remaining [100, 200) and [300, 400), given unsorted and one touching another
    ListingCoverage coverage =
        ListingCoverage.ofRemaining(List.of(new Span(300, 350), new Span(100, 200), new Span(350, 400)));

    assertThat(coverage.covers(200, 300)).isTrue();
    assertThat(coverage.covers(0, 100)).isTrue();
    assertThat(coverage.covers(400, 10_000)).isTrue();
    assertThat(coverage.covers(199, 201)).isFalse();
    assertThat(coverage.covers(250, 301)).isFalse();
    assertThat(coverage.covers(0, 1_000)).isFalse();
    assertThat(coverage.covers(349, 351)).isFalse();
  }

  @Test
  void coveredSinceIsWhatTheRemainingSpansLost() {
    ListingCoverage earlier = ListingCoverage.ofRemaining(List.of(new Span(0, 1_000), new Span(2_000, 3_000)));
    // the first span walked from its top down to 600 and split at 300; the second finished
    ListingCoverage now = ListingCoverage.ofRemaining(List.of(new Span(0, 300), new Span(300, 600)));

    assertThat(now.coveredSince(earlier)).containsExactly(new Span(600, 1_000), new Span(2_000, 3_000));
    assertThat(now.coveredSince(now)).isEmpty();
  }

  @Test
  void aSpanEatenFromInsideLeavesTwoGains() {
    ListingCoverage earlier = ListingCoverage.ofRemaining(List.of(new Span(0, 1_000)));
    ListingCoverage now = ListingCoverage.ofRemaining(List.of(new Span(100, 200), new Span(500, 600)));

    assertThat(now.coveredSince(earlier))
        .containsExactly(new Span(0, 100), new Span(200, 500), new Span(600, 1_000));
  }
}
