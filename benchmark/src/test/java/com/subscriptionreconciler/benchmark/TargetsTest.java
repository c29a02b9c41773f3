package com.subscriptionreconciler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private static Measurement oneMillion(long wallMs, long requests, long windowMs, long peakHeapBytes, Long baselineMs) {
    return new Measurement(1_000_000, 100, 32, wallMs, requests, requests, 0, windowMs, 500, peakHeapBytes, 10, 100,
        "succeeded", 8_000, 3, 8_000, 1_300, 0, 10_000, baselineMs);
  }

  @Test
  void theBoundIsNOverHundredTimesTheRate() {
    Measurement m = oneMillion(110_000, 11_330, 105_000, 300L << 20, null);

    assertThat(m.boundSeconds()).isEqualTo(100.0);
    assertThat(m.ratioToBound()).isEqualTo(1.1);
    assertThat(m.pages()).isEqualTo(10_000);
    assertThat(m.requestOverhead()).isEqualTo(30);
  }

  @Test
  void aFastLeanRunMeetsEveryTarget() {
    List<Targets.Verdict> verdicts = Targets.judge(List.of(oneMillion(110_000, 11_330, 105_000, 300L << 20, 6_000_000L)));

    assertThat(verdicts).allMatch(Targets.Verdict::met);
    assertThat(verdicts).hasSize(6);
  }

  @Test
  void aSlowHeavyRunMissesTheTimeHeapAndRateTargets() {
    List<Targets.Verdict> verdicts = Targets.judge(List.of(oneMillion(200_000, 11_330, 190_000, 600L << 20, null)));

    assertThat(verdicts).filteredOn(v -> !v.met()).extracting(Targets.Verdict::target)
        .anyMatch(t -> t.startsWith("achieved"))
        .anyMatch(t -> t.startsWith("1M at 100 rps"))
        .anyMatch(t -> t.startsWith("1M peak heap"));
  }

  @Test
  void requestsBeyondTheConstantMissTheRequestTarget() {
    Measurement m = oneMillion(110_000, 10_000 + 1_300 + Targets.REQUEST_CONSTANT + 1, 105_000, 1, null);

    assertThat(Targets.judge(List.of(m))).filteredOn(v -> v.target().startsWith("requests")).noneMatch(Targets.Verdict::met);
  }
}
