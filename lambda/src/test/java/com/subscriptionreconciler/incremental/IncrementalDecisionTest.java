package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.incremental.IncrementalDecision.FallBackToFull;
import com.subscriptionreconciler.incremental.IncrementalDecision.Incremental;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalDecisionTest {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  private static final EventRetention STRIPE = EventRetention.stripeDefault();

  @Test
  void noCheckpointFallsBackToFullAndSaysSo() {
    IncrementalDecision decision = IncrementalDecision.decide(Optional.empty(), NOW, STRIPE);

    assertThat(decision).isEqualTo(new FallBackToFull("no checkpoint yet: running a full reconciliation"));
  }

  @Test
  void aFreshCheckpointRunsIncrementallyFromIt() {
    Checkpoint checkpoint = new Checkpoint(NOW.minus(Duration.ofHours(6)), "evt_1");

    IncrementalDecision decision = IncrementalDecision.decide(Optional.of(checkpoint), NOW, STRIPE);

    assertThat(decision).isEqualTo(new Incremental(checkpoint));
  }

  @Test
  void aCheckpointOlderThanRetentionFallsBackWithAReasonNamingItsTime() {
    Checkpoint checkpoint = new Checkpoint(NOW.minus(Duration.ofDays(31)), "evt_1");

    IncrementalDecision decision = IncrementalDecision.decide(Optional.of(checkpoint), NOW, STRIPE);

    assertThat(decision)
        .isEqualTo(
            new FallBackToFull(
                "checkpoint from 2026-10-01T12:00:00Z is older than Stripe's 30-day event retention"
                    + " (with 1 day margin): running a full reconciliation"));
  }

  @Test
  void theMarginIsPartOfTheLimitExactlyAtItIsStillIncremental() {
    Checkpoint atLimit = Checkpoint.at(NOW.minus(Duration.ofDays(29)));
    Checkpoint justPast = Checkpoint.at(NOW.minus(Duration.ofDays(29)).minusMillis(1));

    assertThat(IncrementalDecision.decide(Optional.of(atLimit), NOW, STRIPE)).isInstanceOf(Incremental.class);
    assertThat(IncrementalDecision.decide(Optional.of(justPast), NOW, STRIPE)).isInstanceOf(FallBackToFull.class);
  }

  @Test
  void aThirtyDayOldCheckpointIsInsideStripesRetentionButOutsideTheMargin() {
    Checkpoint thirtyDays = Checkpoint.at(NOW.minus(Duration.ofDays(30)));

    assertThat(IncrementalDecision.decide(Optional.of(thirtyDays), NOW, STRIPE)).isInstanceOf(FallBackToFull.class);
    assertThat(IncrementalDecision.decide(Optional.of(thirtyDays), NOW, new EventRetention(Duration.ofDays(30), Duration.ZERO)))
        .isInstanceOf(Incremental.class);
  }

  @Test
  void aConfiguredMarginInHoursReadsInHours() {
    EventRetention retention = new EventRetention(Duration.ofDays(30), Duration.ofHours(6));
    Checkpoint old = Checkpoint.at(NOW.minus(Duration.ofDays(30)));

    IncrementalDecision decision = IncrementalDecision.decide(Optional.of(old), NOW, retention);

    assertThat(((FallBackToFull) decision).reason()).contains("30-day event retention (with 6 hours margin)");
  }

  @Test
  void otherDurationsReadAsIso8601() {
    EventRetention retention = new EventRetention(Duration.ofHours(36), Duration.ofMinutes(90));
    Checkpoint old = Checkpoint.at(NOW.minus(Duration.ofDays(2)));

    IncrementalDecision decision = IncrementalDecision.decide(Optional.of(old), NOW, retention);

    assertThat(((FallBackToFull) decision).reason())
        .contains("older than Stripe's 36 hours event retention (with PT1H30M margin)");
  }

  @Test
  void aCheckpointAheadOfOurClockIsUsedAsItIs() {
    Checkpoint ahead = Checkpoint.at(NOW.plusSeconds(30));

    assertThat(IncrementalDecision.decide(Optional.of(ahead), NOW, STRIPE)).isEqualTo(new Incremental(ahead));
  }

  @Test
  void aMarginAsLongAsTheRetentionIsRejected() {
    assertThatThrownBy(() -> new EventRetention(Duration.ofDays(30), Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
