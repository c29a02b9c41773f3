package com.subscriptionreconciler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private static Measurement oneMillion(
      LimitProfile limits, long wallMs, long requests, long throttled, long peakHeapBytes, Long baselineMs) {
    return new Measurement(1_000_000, 100, 32, wallMs, requests, requests, throttled, wallMs - 5_000, 500,
        peakHeapBytes, 10, 100, "succeeded", 8_000, 3, 8_000, 1_300, 0, 10_000, baselineMs, limits, 25, 8);
  }

  @Test
  void theBoundIsThePagesAtTheListEndpointsRate() {
    Measurement m = oneMillion(LimitProfile.LIVE, 440_000, 11_330, 0, 300L << 20, null);

    assertThat(m.listRate()).as("STRIPE_MAX_RPS 100, but 25/s per endpoint").isEqualTo(25);
    assertThat(m.boundSeconds()).isEqualTo(400.0);
    assertThat(m.ratioToBound()).isEqualTo(1.1);
    assertThat(m.pages()).isEqualTo(10_000);
    assertThat(m.requestOverhead()).isEqualTo(30);
  }

  @Test
  void atALowSharedRateTheOrphansLengthenTheBound() {
    Measurement m = new Measurement(1_000_000, 20, 10, 600_000, 11_330, 11_330, 0, 595_000, 500, 300L << 20, 10, 100,
        "succeeded", 8_000, 3, 8_000, 1_300, 0, 10_000, null, LimitProfile.LIVE, 25, 8);

    assertThat(m.listRate()).isEqualTo(20);
    assertThat(m.boundSeconds()).as("(10,000 pages + 1,300 orphans) / 20").isEqualTo(565.0);
  }

  @Test
  void aSandboxKeyShares25PerSecondOverEveryEndpoint() {
    Measurement m = oneMillion(LimitProfile.SANDBOX, 500_000, 11_330, 0, 300L << 20, null);

    assertThat(m.boundSeconds()).as("(10,000 + 1,300) / 25").isEqualTo(452.0);
  }

  @Test
  void anAccountWithLowerLimitsHasALongerBound() {
    Measurement m = oneMillion(LimitProfile.LOW, 2_000_000, 11_330, 0, 300L << 20, null);

    assertThat(m.boundSeconds()).isEqualTo(2_000.0);
  }

  @Test
  void aFastLeanRunMeetsEveryTarget() {
    List<Targets.Verdict> verdicts =
        Targets.judge(List.of(oneMillion(LimitProfile.LIVE, 430_000, 11_330, 20, 300L << 20, 30_000_000L)));

    assertThat(verdicts).allMatch(Targets.Verdict::met);
    assertThat(verdicts).hasSize(6);
  }

  @Test
  void aSlowHeavyRefusedRunMissesTheTimeRefusalAndHeapTargets() {
    List<Targets.Verdict> verdicts =
        Targets.judge(List.of(oneMillion(LimitProfile.LIVE, 500_000, 11_330, 1_000, 600L << 20, null)));

    assertThat(verdicts).filteredOn(v -> !v.met()).extracting(Targets.Verdict::target)
        .anyMatch(t -> t.startsWith("wall <= 1.1x"))
        .anyMatch(t -> t.startsWith("429s <= 0.5%"))
        .anyMatch(t -> t.startsWith("1M peak heap"));
  }

  @Test
  void requestsBeyondTheConstantMissTheRequestTarget() {
    Measurement m = oneMillion(LimitProfile.LIVE, 430_000, 10_000 + 1_300 + Targets.REQUEST_CONSTANT + 1, 0, 1, null);

    assertThat(Targets.judge(List.of(m))).filteredOn(v -> v.target().startsWith("requests")).noneMatch(Targets.Verdict::met);
  }
}
