package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRequestTest {
  /** Mode has ROLLBACK because a rollback's report says so; a run cannot be asked for in it. */
  @Test
  void aRunCannotBeAskedForInTheRollbacksMode() {
    assertThatThrownBy(() -> new RunRequest(Trigger.CLI, Mode.ROLLBACK, false, false, List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a run is full or incremental; a rollback is started by Engine.rollback");
  }
}
