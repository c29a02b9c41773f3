package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.Customer;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real {@code reconcile} process (its own JVM, {@code java -cp … Main}) killed with SIGKILL at random points of a
 * run that inserts 1,200 subscriptions, chosen by what the database shows (the run row exists; so many rows are
 * written), never by time. Then: nothing was written without its audit row, and the next run marks the dead run
 * {@code failed} ("interrupted: …"), keeps its audit rows ({@code show}, {@code rollback} work on it), finishes the
 * job, and leaves no {@code running} row behind.
 */
@RealDatabase
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KilledRunIntegrationTest {
  private static final int SUBSCRIPTIONS = 1_200;
  private static final int KILLS = 3;

  final TestDatabase db;
  StripeEmulator emulator;
  List<String> customers;

  KilledRunIntegrationTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeAll
  void account() {
    emulator = StripeEmulator.start();
    AccountGenerator.generate(emulator.account(), SUBSCRIPTIONS, 7);
    customers = emulator.account().customers().map(Customer::id).toList();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void aRunKilledAtRandomPointsLeavesNothingUnauditedAndTheNextRunClosesItsRow() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int kill = 0; kill < KILLS; kill++) {
      db.truncateAll();
      organizations();
      // 0: as soon as the run row exists (before any write); otherwise once that many rows are written
      int written = kill == 0 ? 0 : 1 + random.nextInt(SUBSCRIPTIONS * 3 / 4);
      String because = "seed " + seed + ", kill " + kill + " after " + written + " rows";

      Process run = reconcileProcess();
      boolean reached = waitFor(run, () -> written == 0
          ? count("SELECT COUNT(*) FROM reconciliation_runs WHERE status = 'running'") > 0
          : count("SELECT COUNT(*) FROM subscriptions") >= written);
      run.destroyForcibly();
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(reached).as(because + ": the run ended before the kill point").isTrue();

      String killed = (String) db.queryValue("SELECT id FROM reconciliation_runs WHERE status = 'running'");
      assertThat(killed).as(because).isNotNull();
      long inserted = count("SELECT COUNT(*) FROM subscriptions");
      assertThat(count("SELECT COUNT(*) FROM subscriptions s WHERE NOT EXISTS (SELECT 1 FROM reconciliation_changes c"
          + " WHERE c.entity = 'subscription' AND c.action = 'insert' AND c.applied AND c.entity_id = s.id)"))
          .as(because + ": every written row has its audit row").isZero();
      assertThat(count("SELECT COUNT(DISTINCT entity_id) FROM reconciliation_changes WHERE run_id = '" + killed
          + "' AND entity = 'subscription' AND action = 'insert' AND applied"))
          .as(because + ": every applied audit row has its row").isEqualTo(inserted);

      Cli.Result next = cli("reconcile", "--format", "json");

      assertThat(next.exit()).as(because + next.err()).isZero();
      assertThat(db.query("SELECT status, error, finished_at FROM reconciliation_runs WHERE id = ?", killed))
          .as(because).containsExactly(row("failed", "interrupted: the process died before finishing", null));
      assertThat(count("SELECT COUNT(*) FROM reconciliation_runs WHERE status = 'running'")).as(because).isZero();
      assertThat(count("SELECT COUNT(*) FROM subscriptions")).as(because).isEqualTo(SUBSCRIPTIONS);
      assertThat(count("SELECT COUNT(*) FROM reconciliation_changes WHERE run_id = '" + killed + "' AND applied"))
          .as(because + ": the dead run's audit rows stay").isGreaterThanOrEqualTo(inserted);

      Cli.Result show = cli("show", killed);
      assertThat(show.exit()).as(because + show.err()).isZero();
      assertThat(show.out()).contains("FAILED", "interrupted: the process died before finishing",
          "created " + inserted);
      Cli.Result rollback = cli("rollback", killed, "--dry-run", "--format", "json");
      JsonNode undo = new ObjectMapper().readTree(rollback.out());
      assertThat(rollback.exit()).as(because + rollback.err()).isZero();
      assertThat(undo.get("archived").asLong()).as(because + ": rollback would archive what it inserted")
          .isEqualTo(inserted);
    }
  }

  private void organizations() {
    StringBuilder sql = new StringBuilder("INSERT INTO organizations (name, stripe_customer_id) VALUES ");
    for (int i = 0; i < customers.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("('org ").append(i).append("', '").append(customers.get(i)).append("')");
    }
    db.execute(sql.toString());
  }

  private static Map<String, Object> row(String status, String error, Object finishedAt) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("status", status);
    row.put("error", error);
    row.put("finished_at", finishedAt);
    return row;
  }

  private long count(String sql) {
    return ((Number) db.queryValue(sql)).longValue();
  }

  /** Polls the database until the condition holds (true) or the process has ended (false). */
  private static boolean waitFor(Process process, BooleanSupplier condition) {
    while (process.isAlive()) {
      if (condition.getAsBoolean()) {
        return true;
      }
    }
    return condition.getAsBoolean();
  }

  private Process reconcileProcess() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "reconcile", "--force");
    builder.environment().putAll(environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(File.createTempFile("killed-run", ".log"));
    return builder.start();
  }

  private Map<String, String> environment() {
    Map<String, String> env = Cli.environment(db, emulator);
    env.put("STRIPE_MAX_RPS", "200");
    env.put("MAX_CHANGE_RATIO", "1");
    env.put("MAX_CHANGES_ABSOLUTE", "1000000");
    return env;
  }

  Cli.Result cli(String... args) {
    return Cli.real(environment(), args);
  }
}
