package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.emulator.CustomerSpec;
import com.subscriptionreconciler.emulator.PriceSpec;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run that updates, archives and inserts, undone through the CLI: every row is back as it was, and a second
 * rollback has nothing left to do. The times the run writes ({@code archived_at}, {@code last_reconciled_at}, the
 * audit's {@code created_at}) carry milliseconds, so this is what breaks when a server keeps fewer digits than the
 * audit recorded (MariaDB 10.x announcing itself as {@code 5.5.5-10.x}: CI runs this class on it too).
 */
@RealDatabase
class RollbackRoundTripTest {
  private static final List<String> WRITTEN_BY_EVERY_WRITE = List.of("version", "updated_at", "last_reconciled_at");

  final TestDatabase db;
  StripeEmulator emulator;
  String proPrice;
  String teamPrice;
  String customer;

  RollbackRoundTripTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void seed() {
    db.truncateAll();
    emulator = StripeEmulator.start();
    String pro = emulator.account().createProduct("prod_pro", "Pro", Map.of("plan_tier", "pro"));
    String team = emulator.account().createProduct("prod_team", "Team", Map.of("plan_tier", "team"));
    proPrice = emulator.account().createPrice(PriceSpec.monthly(pro, "pro_monthly", 4900).withId("price_pro"));
    teamPrice = emulator.account().createPrice(PriceSpec.monthly(team, "team_monthly", 9900).withId("price_team"));
    customer = emulator.account().createCustomer(CustomerSpec.of("a@example.com"));
    db.execute("INSERT INTO organizations (id, name, stripe_customer_id) VALUES (1, 'Acme', ?)", customer);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void rollbackRestoresEveryRowTheRunChangedAndASecondRollbackHasNothingLeft() throws Exception {
    String updated = subscription(proPrice);
    String orphan = subscription(proPrice);
    assertThat(cli("reconcile").exit()).isZero();
    emulator.account().changePrice(updated, teamPrice);
    emulator.account().removeSubscription(orphan);
    String inserted = subscription(proPrice);
    Map<Object, Map<String, Object>> subscriptionsBefore = rows("subscriptions");
    Map<Object, Map<String, Object>> organizationsBefore = rows("organizations");

    Cli.Result run = cli("reconcile", "--format", "json");
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(report.get("synchronized").asLong()).isEqualTo(1);
    assertThat(report.get("archived").asLong()).isEqualTo(1);
    assertThat(report.get("created").asLong()).isEqualTo(1);
    String runId = report.get("runId").asText();
    assertThat(db.queryValue("SELECT archived_at FROM subscriptions WHERE stripe_subscription_id = ?", orphan))
        .isNotNull();

    Cli.Result rollback = cli("rollback", runId, "--format", "json");

    assertThat(rollback.exit()).as(rollback.err() + rollback.out()).isZero();
    assertThat(new ObjectMapper().readTree(rollback.out()).get("status").asText()).isEqualTo("succeeded");
    Map<Object, Map<String, Object>> subscriptionsAfter = rows("subscriptions");
    Map<String, Object> insertedRow = subscriptionsAfter.remove(idOf(subscriptionsAfter, inserted));
    assertThat(insertedRow).containsEntry("archive_reason", "rolled_back");
    assertThat(insertedRow.get("archived_at")).isNotNull();
    assertThat(subscriptionsAfter).isEqualTo(subscriptionsBefore);
    assertThat(rows("organizations")).isEqualTo(organizationsBefore);

    Cli.Result again = cli("rollback", runId, "--format", "json");
    JsonNode second = new ObjectMapper().readTree(again.out());

    assertThat(again.exit()).as(again.err() + again.out()).isZero();
    assertThat(second.get("status").asText()).isEqualTo("succeeded");
    assertThat(second.get("warnings").toString()).contains("nothing left to restore");
  }

  @Test
  void theTimesARunWritesKeepTheirMillisecondsAsTheAuditRecordedThem() throws Exception {
    String orphan = subscription(proPrice);
    assertThat(cli("reconcile").exit()).isZero();
    emulator.account().removeSubscription(orphan);

    Cli.Result run = cli("reconcile", "--format", "json");
    String runId = new ObjectMapper().readTree(run.out()).get("runId").asText();

    String audited = (String) db.queryValue("SELECT new_value FROM reconciliation_changes WHERE run_id = ? "
        + "AND field = 'archived_at'", runId);
    String stored = (String) db.queryValue("SELECT DATE_FORMAT(archived_at, '%Y-%m-%dT%H:%i:%s.%fZ') "
        + "FROM subscriptions WHERE stripe_subscription_id = ?", orphan);
    // DATE_FORMAT's %f prints microseconds: the column keeps milliseconds, so the last three digits are zeros
    assertThat(stored).isEqualTo(audited.replace("Z", "000Z"));
  }

  private String subscription(String price) {
    return emulator.account().createSubscription(
        SubscriptionSpec.forCustomer(customer).price(price).status(SubscriptionStatus.ACTIVE));
  }

  /** Rows by id, without the columns every write moves (the version, the times a write stamps). */
  private Map<Object, Map<String, Object>> rows(String table) {
    Map<Object, Map<String, Object>> rows = new LinkedHashMap<>();
    for (Map<String, Object> row : db.query("SELECT * FROM " + table + " ORDER BY id")) {
      Map<String, Object> kept = new LinkedHashMap<>(row);
      WRITTEN_BY_EVERY_WRITE.forEach(kept::remove);
      rows.put(row.get("id"), kept);
    }
    return rows;
  }

  private static Object idOf(Map<Object, Map<String, Object>> rows, String subscriptionId) {
    return rows.entrySet().stream()
        .filter(e -> subscriptionId.equals(e.getValue().get("stripe_subscription_id")))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  Cli.Result cli(String... args) {
    Map<String, String> env = Cli.environment(db, emulator);
    env.put("MAX_CHANGES_ABSOLUTE", "1000");
    return Cli.real(env, args);
  }
}
