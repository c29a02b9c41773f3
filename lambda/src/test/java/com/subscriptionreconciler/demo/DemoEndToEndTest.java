package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunStatus;
import com.subscriptionreconciler.testing.CapturedOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The README's main command, in process: embedded MariaDB, the emulator, a dry run, a real run, a final check. */
class DemoEndToEndTest {

  @Test
  void theDemoFindsEveryInjectedDriftFixesItAndEndsInSync() {
    StringWriter text = new StringWriter();
    DemoOutcome outcome;
    String logs;
    try (CapturedOutput captured = CapturedOutput.start()) {
      outcome = Demo.run(new PrintWriter(text, true));
      logs = captured.logLines().stream().map(l -> l.path("message").asText()).toList().toString();
    }

    String out = text.toString();
    assertThat(outcome.everyPartShown()).as(out).isTrue();
    assertThat(outcome.finalCheck().runStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(outcome.finalCheck().driftDetected()).isZero();
    assertThat(out).contains("In sync: the database matches Stripe, and a run right now would change nothing.");
    assertThat(out).contains("1. Dry run", "2. Real run", "3. Dry run again");
    String dry = section(out, "1. Dry run", "2. Real run");
    String real = section(out, "2. Real run", "3. Dry run again");
    String check = out.substring(out.indexOf("3. Dry run again"));
    assertThat(dry).contains("would change 13   created 1   archived 2").contains("unlinked 1");
    assertThat(real).contains("SUCCEEDED").contains("changed 13   created 1   archived 2");
    assertThat(check).contains("would change 0   created 0   archived 0");
    // one count for the same drift: the intro predicts none of its own, the log lines say what the reports say
    String intro = out.substring(0, out.indexOf("1. Dry run"));
    assertThat(intro).doesNotContainPattern("(updates|inserts|archives) \\d");
    assertThat(logs).contains("Planned, not written: changed 13, created 1, archived 2; per-item errors 0",
        "Wrote: changed 13, created 1, archived 2; per-item errors 0").doesNotContain("subscription changes");
    java.util.regex.Matcher realTime =
        java.util.regex.Pattern.compile("Second change: .* the database had it (\\d+) ms later").matcher(out);
    assertThat(realTime.find()).as(out).isTrue();
    assertThat(out).contains("First change: ");
    // "well under a second" once warm, even on a busy shared machine
    assertThat(Long.parseLong(realTime.group(1))).isLessThan(1_000);
    String accounts = out.substring(out.indexOf("5. Two Stripe accounts, one database"));
    String us = section(accounts, "  account: us", "  account: eu");
    String eu = accounts.substring(accounts.indexOf("  account: eu"));
    assertThat(us).as("the demo's own account is in sync, and eu's rows are not its orphans")
        .contains("changed 0   created 0   archived 0");
    assertThat(eu).as("the stale row, and the two organizations derived").contains("changed 3   created 1   archived 0")
        .contains("status                 past_due -> active");
    assertThat(accounts).contains("2 of 2 eu subscriptions active in the database");
  }

  private static String section(String all, String from, String to) {
    return all.substring(all.indexOf(from), all.indexOf(to));
  }
}
