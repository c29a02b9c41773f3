package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code demo --adopted}: the same drift in an application's own tables, adopted, then fixed through SCHEMA_MAP. */
class AdoptedDemoTest {

  @Test
  void adoptsTheApplicationsTablesThenFindsAndFixesTheSameDriftAsTheDemo() {
    StringWriter text = new StringWriter();

    DemoOutcome outcome = AdoptedDemo.run(new PrintWriter(text, true));

    String out = text.toString();
    assertThat(outcome.everyPartShown()).as(out).isTrue();
    assertThat(outcome.finalCheck().runStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(outcome.finalCheck().driftDetected()).isZero();
    assertThat(out)
        .contains("ran: ALTER TABLE `billing_subscriptions` ADD COLUMN `archived_at` DATETIME(3) NULL")
        .contains("ADD COLUMN `version` INT NOT NULL DEFAULT 0, ALGORITHM=INSTANT;")
        .contains("ran: ALTER TABLE `accounts` ADD COLUMN `last_reconciled_at` DATETIME(3) NULL")
        .contains("applied migration 2");
    String dry = out.substring(out.indexOf("1. Dry run"), out.indexOf("2. Real run"));
    String real = out.substring(out.indexOf("2. Real run"), out.indexOf("3. Dry run again"));
    // the same numbers as the plain demo: the mapping changes where rows live, not what the reconciler decides
    assertThat(dry).contains("would change 13   created 1   archived 2").contains("unlinked 1");
    assertThat(real).contains("SUCCEEDED").contains("changed 13   created 1   archived 2");
    assertThat(out.substring(out.indexOf("3. Dry run again"))).contains("would change 0   created 0   archived 0");
  }
}
