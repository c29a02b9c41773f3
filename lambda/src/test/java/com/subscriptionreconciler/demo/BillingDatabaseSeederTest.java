package com.subscriptionreconciler.demo;

import com.subscriptionreconciler.plan.SubscriptionRow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class BillingDatabaseSeederTest {
  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

  @BeforeEach
  void empty(TestDatabase db) {
    db.truncateAll();
  }

  @Test
  void writesEveryRowWithOneInsertStatementPerThousandRows(TestDatabase db) {
    BillingDatabaseSeeder seeder = new BillingDatabaseSeeder(db.dataSource());
    long insertsBefore = serverInsertStatements(db);

    SeedResult orgs = seeder.insertOrganizations(organizations(2_345));
    SeedResult subs = seeder.insertSubscriptions(subscriptions(2_345));

    assertThat(orgs.rows()).isEqualTo(2_345);
    assertThat(orgs.statements()).isEqualTo(3);
    assertThat(subs.rows()).isEqualTo(2_345);
    assertThat(subs.statements()).isEqualTo(3);
    // The server's own count of INSERT statements, so a seeder that batched single-row INSERTs (or lied in
    // its result) would fail here.
    assertThat(serverInsertStatements(db) - insertsBefore).isEqualTo(6);
    assertThat(db.count("organizations")).isEqualTo(2_345);
    assertThat(db.count("subscriptions")).isEqualTo(2_345);
  }

  @Test
  void everyColumnArrivesAsGiven(TestDatabase db) {
    BillingDatabaseSeeder seeder = new BillingDatabaseSeeder(db.dataSource(), 7);
    seeder.insertOrganizations(Stream.of(new SeedOrganization(42, "Acme", "cus_A", "pro", "active")));
    SubscriptionRow full = new SubscriptionRow(9L, 42, "sub_A", "cus_A", "price_A", "pro", "active", 3L,
        START, START.plusSeconds(86_400), true, START.plusSeconds(86_400), START.plusSeconds(60),
        null, START.minusSeconds(3600), START.minusMillis(1), "{\"source\":\"web\"}", null, null, 0,
        START.minusSeconds(7200));

    seeder.insertSubscriptions(Stream.of(full));

    Map<String, Object> row = db.query("SELECT * FROM subscriptions WHERE id = 9").get(0);
    assertThat(row).containsEntry("organization_id", 42L)
        .containsEntry("stripe_subscription_id", "sub_A")
        .containsEntry("stripe_customer_id", "cus_A")
        .containsEntry("stripe_price_id", "price_A")
        .containsEntry("plan_tier", "pro")
        .containsEntry("status", "active")
        .containsEntry("quantity", 3L)
        .containsEntry("current_period_start", LocalDateTime.parse("2026-02-01T00:00"))
        .containsEntry("current_period_end", LocalDateTime.parse("2026-02-02T00:00"))
        .containsEntry("cancel_at_period_end", true)
        .containsEntry("canceled_at", LocalDateTime.parse("2026-02-01T00:01"))
        .containsEntry("ended_at", null)
        .containsEntry("trial_end", LocalDateTime.parse("2026-01-31T23:59:59.999"))
        .containsEntry("archived_at", null)
        .containsEntry("version", 0)
        .containsEntry("created_at", LocalDateTime.parse("2026-01-31T22:00"));
    assertThat(row.get("metadata").toString().replace(" ", "")).isEqualTo("{\"source\":\"web\"}");
    assertThat(db.query("SELECT plan_tier, subscription_status, stripe_customer_id FROM organizations WHERE id = 42"))
        .containsExactly(Map.of("plan_tier", "pro", "subscription_status", "active", "stripe_customer_id", "cus_A"));
  }

  @Test
  void readsTheInputLazily(TestDatabase db) {
    // An iterator that would run out of memory if drained up front: the seeder must stream it.
    Iterator<SeedOrganization> endless = LongStream.iterate(1, i -> i + 1)
        .mapToObj(i -> new SeedOrganization(i, "Org " + i, "cus_" + i, "free", "none")).iterator();
    Iterator<SeedOrganization> first2500 = new Iterator<>() {
      int served;

      @Override
      public boolean hasNext() {
        return served < 2_500;
      }

      @Override
      public SeedOrganization next() {
        served++;
        return endless.next();
      }
    };
    assertThat(new BillingDatabaseSeeder(db.dataSource()).insertOrganizations(first2500).rows()).isEqualTo(2_500);
  }

  @Test
  void aFailingStatementRollsBackItsTransaction(TestDatabase db) {
    BillingDatabaseSeeder seeder = new BillingDatabaseSeeder(db.dataSource(), 10);
    List<SeedOrganization> duplicateId = List.of(
        new SeedOrganization(1, "a", "cus_1", "free", "none"), new SeedOrganization(1, "b", "cus_2", "free", "none"));
    assertThatThrownBy(() -> seeder.insertOrganizations(duplicateId.iterator()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("seeding failed");
    assertThat(db.count("organizations")).isZero();
  }

  private static long serverInsertStatements(TestDatabase db) {
    return Long.parseLong(db.query("SHOW GLOBAL STATUS LIKE 'Com_insert'").get(0).get("Value").toString());
  }

  private static Stream<SeedOrganization> organizations(int n) {
    return LongStream.rangeClosed(1, n).mapToObj(i -> new SeedOrganization(i, "Org " + i, "cus_" + i, "pro", "active"));
  }

  private static Stream<SubscriptionRow> subscriptions(int n) {
    return LongStream.rangeClosed(1, n).mapToObj(i -> new SubscriptionRow(i, i, "sub_" + i, "cus_" + i,
        "price_pro", "pro", "active", 1L, START, START.plusSeconds(30 * 86_400L), false, null, null, null,
        null, null, "{\"organization_id\":\"" + i + "\"}", null, null, 0, START.minusSeconds(i)));
  }
}
