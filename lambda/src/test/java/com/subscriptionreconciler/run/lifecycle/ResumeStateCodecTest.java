package com.subscriptionreconciler.run.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.SubscriptionField;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.Deadline;
import com.subscriptionreconciler.run.collect.full.SeenSubscriptions;
import com.subscriptionreconciler.stripe.PartitionedLister.Span;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumeStateCodecTest {

  @Test
  void aStateSurvivesTheRoundTripWithEveryFingerprint() {
    long[] seen = new Random(7).longs(100_000).sorted().toArray();
    EarlierInvocations totals = new EarlierInvocations(10, 2, 7, 1, 1, 1, 0, 1, 33, Map.of("status", 1L), List.of("w"),
        List.of(new RunReport.EntityDetail("subscription", "5", "sub_1", "update",
            List.of(new RunReport.Change("status", "active", "canceled")))));
    ResumeState state = new ResumeState(3, true, List.of(new Span(1_262_304_000L, 1_700_000_001L),
        new Span(1_700_000_500L, Long.MAX_VALUE)), seen, List.of("sub_a"), List.of(4L, 9L), totals,
        List.of(new EntityChange(Entity.SUBSCRIPTION, 7L, "sub_b", Action.UPDATE,
                List.of(new FieldChange(SubscriptionField.STATUS, "active", "canceled")), 3, 4L),
            new EntityChange(Entity.SUBSCRIPTION, null, "sub_c", Action.INSERT,
                List.of(new FieldChange(SubscriptionField.STATUS, null, "trialing")), null, 9L)));

    String text = ResumeStateCodec.encode(state);
    ResumeState back = ResumeStateCodec.decode(text);

    assertThat(back.seen()).isEqualTo(seen);
    assertThat(back).usingRecursiveComparison().isEqualTo(state);
    assertThat(text.length()).as("compact: under 10 bytes per fingerprint").isLessThan(10 * seen.length);
  }

  @Test
  void aStateOfAnotherFormatVersionIsRefused() {
    assertThatThrownBy(() -> ResumeStateCodec.decode("{\"version\":2}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format version 2");
    assertThatThrownBy(() -> ResumeStateCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seenSubscriptionsKeepWhatEarlierInvocationsSaw() {
    SeenSubscriptions earlier = new SeenSubscriptions();
    earlier.add("sub_a");
    SeenSubscriptions now = new SeenSubscriptions();
    now.add("sub_b");

    SeenSubscriptions all = SeenSubscriptions.of(earlier.sortedFingerprints()).union(now);

    assertThat(all.contains("sub_a")).isTrue();
    assertThat(all.contains("sub_b")).isTrue();
    assertThat(all.contains("sub_c")).isFalse();
    assertThat(all.size()).isEqualTo(2);
  }

  @Test
  void aLambdaDeadlineLeavesThirtyPercentOfTheInvocationAndNoneWhenTheTimeIsUnknown() {
    MovingClock clock = new MovingClock(Instant.parse("2026-01-04T03:00:00Z"));
    Deadline deadline = Deadline.forLambda(900_000, clock);
    Deadline unknown = Deadline.forLambda(0, clock);

    clock.advance(629_999);
    assertThat(deadline.expired()).isFalse();
    clock.advance(1);
    assertThat(deadline.expired()).isTrue();
    assertThat(unknown.expired()).isFalse();
  }

  private static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    void advance(long millis) {
      now = now.plusMillis(millis);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
