package com.subscriptionreconciler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.testing.Reports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's closing sentence when its final check would still change rows (DemoEndToEndTest covers in sync). */
class DemoVerdictTest {

  @Test
  void aFinalCheckThatWouldStillChangeRowsIsNotInSyncAndIsWhatTheDemoReturns() {
    List<RunRequest> requests = new ArrayList<>();
    List<RunReport> reports = new ArrayList<>();
    StringWriter text = new StringWriter();

    RunReport finalCheck = Demo.dryRealCheck(request -> {
      requests.add(request);
      RunReport report = Reports.succeeded(request); // changed 3, created 2, archived 1
      reports.add(report);
      return report;
    }, new PrintWriter(text, true));

    assertThat(requests).extracting(RunRequest::dryRun).containsExactly(true, false, true);
    assertThat(finalCheck).isSameAs(reports.get(2));
    assertThat(text.toString())
        .contains("Not in sync after the real run (succeeded, would change 6): see the report above.")
        .doesNotContain("In sync:");
  }
}
