package com.subscriptionreconciler.run.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduling policy on counted fake steps: which work fills which wait, in which order. */
class WhileStripeWaitsTest {
  private final List<String> done = new ArrayList<>();

  /** A step that does {@code pages} pieces of work named {@code name}, then reports it has none left. */
  private IdleStep pages(String name, int pages) {
    int[] left = {pages};
    return () -> {
      if (left[0] == 0) {
        return false;
      }
      left[0]--;
      done.add(name);
      return true;
    };
  }

  @Test
  void theListingsWaitsReadTheSweepsInputFirstThenScreenOrganizationsAndNeverWriteEarly() throws Exception {
    WhileStripeWaits policy = new WhileStripeWaits(pages("prescreen", 2), pages("early write", 5));
    IdleStep listing = policy.whileListing(pages("live-row keys", 2));

    List<Boolean> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(listing.step());
    }

    assertThat(done).containsExactly("live-row keys", "live-row keys", "prescreen", "prescreen");
    assertThat(answers).containsExactly(true, true, true, true, false, false);
  }

  @Test
  void theConfirmationsWaitsWriteWhatTheListingPlannedAndNothingElse() throws Exception {
    WhileStripeWaits policy = new WhileStripeWaits(pages("prescreen", 3), pages("early write", 2));
    IdleStep confirming = policy.whileConfirming();

    while (confirming.step()) {
      // one batch per wait
    }

    assertThat(done).containsExactly("early write", "early write");
  }
}
