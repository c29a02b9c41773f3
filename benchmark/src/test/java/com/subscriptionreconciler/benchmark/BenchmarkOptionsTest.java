package com.subscriptionreconciler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void defaultsAreTheIssuesSizesWithTheBaselineAtTenThousand() {
    BenchmarkOptions o = BenchmarkOptions.parse(new String[0]);

    assertThat(o.sizes()).containsExactly(10_000, 100_000);
    assertThat(o.baselineSizes()).containsExactly(10_000);
    assertThat(o.ratesFor(10_000)).containsExactly(100.0, 20.0);
    assertThat(o.ratesFor(100_000)).containsExactly(100.0);
    assertThat(o.engineHeap()).isEqualTo("512m");
  }

  @Test
  void oneMillionIsOptInAndBaselineSizesJoinTheSizes() {
    BenchmarkOptions o =
        BenchmarkOptions.parse(new String[] {"--sizes", "10000", "--with-1m", "--baseline-sizes", "1000", "--low-rps", ""});

    assertThat(o.sizes()).containsExactly(1_000, 10_000, 1_000_000);
    assertThat(o.ratesFor(10_000)).containsExactly(100.0);
  }
}
