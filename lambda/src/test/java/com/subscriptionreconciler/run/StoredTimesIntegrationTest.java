package com.subscriptionreconciler.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.emulator.Subscription;
import com.subscriptionreconciler.emulator.SubscriptionSpec;
import com.subscriptionreconciler.emulator.SubscriptionStatus;
import com.subscriptionreconciler.report.RunReport;
import com.subscriptionreconciler.testing.JvmTimeZone;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stored instants against Stripe's epoch seconds, with the test JVM in India (UTC+05:30, no daylight saving, so
 * a conversion through the JVM's zone is off by a recognisable 19,800 s). Values are read with SQL as seconds
 * since 1970-01-01 00:00:00 of the stored wall-clock (TIMESTAMPDIFF, which depends on neither the JVM's nor the
 * session's zone), never through the product's reader, and compared with the emulator's own numbers.
 */
@JvmTimeZone("Asia/Kolkata")
@EngineTest
class StoredTimesIntegrationTest {
  private static final long KOLKATA_OFFSET_SECONDS = 19_800;

  TestDatabase db;
  EngineFixture f;

  @BeforeEach
  void setUp(EngineFixture fixture, TestDatabase database) {
    f = fixture;
    db = database;
  }

  private Long storedEpochSecond(String subscriptionId, String column) {
    Object v = db.queryValue("SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " + column
        + ") FROM subscriptions WHERE stripe_subscription_id = ?", subscriptionId);
    return v == null ? null : ((Number) v).longValue();
  }

  private Subscription inStripe(String subscriptionId) {
    return f.account.findSubscription(subscriptionId).orElseThrow();
  }

  @Test
  void theTestReallyRunsInKolkataDownToTheJdbcPath() throws SQLException {
    assertThat(TimeZone.getDefault().getID()).isEqualTo("Asia/Kolkata");
    assertThat(ZoneId.systemDefault()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    // through the class's own pool: a legacy java.sql.Timestamp read renders the stored UTC value in the JVM's
    // zone, 5:30 ahead of the wall-clock the column holds. Code converting that way would store skewed times.
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT CAST('2026-01-01 00:00:00' AS DATETIME) AS t");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      LocalDateTime wallClock = rs.getObject("t", LocalDateTime.class);
      LocalDateTime viaTimestamp = rs.getTimestamp("t").toLocalDateTime();
      assertThat(wallClock).isEqualTo(LocalDateTime.parse("2026-01-01T00:00:00"));
      assertThat(Duration.between(wallClock, viaTimestamp).getSeconds()).isEqualTo(KOLKATA_OFFSET_SECONDS);
    }
  }

  @Test
  void insertedTimesAreStripesEpochSeconds() {
    String cus = f.customerWithOrganization(1);
    String trialing = f.subscription(cus, f.proPrice, SubscriptionStatus.TRIALING);
    String ending = f.account.createSubscription(
        SubscriptionSpec.forCustomer(cus).price(f.teamPrice).status(SubscriptionStatus.ACTIVE).cancelAtPeriodEnd(true));

    RunReport report = f.engine().run(EngineFixture.full());

    assertThat(report.created()).isEqualTo(2);
    Subscription t = inStripe(trialing);
    assertThat(storedEpochSecond(trialing, "current_period_start")).isEqualTo(t.items().get(0).currentPeriodStart());
    assertThat(storedEpochSecond(trialing, "current_period_end")).isEqualTo(t.items().get(0).currentPeriodEnd());
    assertThat(storedEpochSecond(trialing, "trial_start")).isEqualTo(t.trialStart());
    assertThat(storedEpochSecond(trialing, "trial_end")).isEqualTo(t.trialEnd());
    assertThat(storedEpochSecond(trialing, "cancel_at")).isNull();
    Subscription e = inStripe(ending);
    assertThat(e.cancelAt()).isNotNull();
    assertThat(storedEpochSecond(ending, "cancel_at")).isEqualTo(e.cancelAt());
    assertThat(storedEpochSecond(ending, "current_period_end")).isEqualTo(e.items().get(0).currentPeriodEnd());
  }

  @Test
  void updatedTimesAreStripesEpochSecondsAndASecondRunSeesNoDrift() {
    String cus = f.customerWithOrganization(1);
    String sub = f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.account.advanceSeconds(3_600);
    f.account.cancelNow(sub);

    RunReport first = f.engine().run(EngineFixture.full());
    RunReport second = f.engine().run(EngineFixture.full());

    Subscription s = inStripe(sub);
    assertThat(s.canceledAt()).isEqualTo(f.account.now());
    assertThat(storedEpochSecond(sub, "canceled_at")).isEqualTo(s.canceledAt());
    assertThat(storedEpochSecond(sub, "ended_at")).isEqualTo(s.endedAt());
    assertThat(first.driftByField()).containsEntry("canceled_at", 1L).containsEntry("ended_at", 1L);
    assertThat(second.synchronized_() + second.created() + second.archived()).isZero();
    assertThat(second.skipped()).isEqualTo(1);
  }

  @Test
  void archivedAtIsTheRunsUtcTime() {
    String cus = f.customerWithOrganization(1);
    String sub = f.subscription(cus, f.proPrice, SubscriptionStatus.ACTIVE);
    f.engine().run(EngineFixture.full());
    f.account.removeSubscription(sub);

    long before = Instant.now().toEpochMilli();
    f.engine().run(EngineFixture.full());
    long after = Instant.now().toEpochMilli();

    Object micros = db.queryValue("SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', archived_at) "
        + "FROM subscriptions WHERE stripe_subscription_id = ?", sub);
    long archivedAtMillis = ((Number) micros).longValue() / 1000;
    // within the run, not 5:30 away from it
    assertThat(archivedAtMillis).isBetween(before, after);
  }
}
