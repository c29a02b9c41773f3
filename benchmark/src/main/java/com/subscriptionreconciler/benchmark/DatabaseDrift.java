package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.demo.BillingDatabaseSeeder;
import com.subscriptionreconciler.demo.InSyncMirror;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Drifts an in-sync database away from the emulated account, on the DATABASE side only. The demo's
 * {@code DriftInjector} also mutates the emulated account, which only works when the emulator lives in the
 * seeding JVM; here it lives in its own process (so the engine's heap figures are its own), so the account
 * stays exactly as generated and every drift is an SQL edit:
 *
 * <ul>
 *   <li>STATUS, TIER, PERIOD, QUANTITY: a stale value on a live row; the engine must UPDATE it back;
 *   <li>MISSING: the row is deleted; the engine must INSERT it again;
 *   <li>ORPHAN: an extra row naming a subscription Stripe never had; it costs the engine one retrieve (404)
 *       and must be ARCHIVED.
 * </ul>
 *
 * Each live row drifts with probability {@code fraction} (one {@link Random} from {@code seed}, one draw per
 * row, so the same inputs give the same rows); kinds rotate, a kind that does not fit a row passes to the next.
 */
final class DatabaseDrift {

  enum Kind { STATUS, TIER, PERIOD, QUANTITY, MISSING, ORPHAN }

  /** How many of each kind were injected: what a correct run must find. */
  record Injected(Map<Kind, Long> counts) {
    long total() {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    long expectedSynchronized() {
      return get(Kind.STATUS) + get(Kind.TIER) + get(Kind.PERIOD) + get(Kind.QUANTITY);
    }

    long expectedCreated() {
      return get(Kind.MISSING);
    }

    long expectedArchived() {
      return get(Kind.ORPHAN);
    }

    long get(Kind kind) {
      return counts.getOrDefault(kind, 0L);
    }
  }

  static final String ORPHAN_PREFIX = "sub_benchorphan";
  private static final Kind[] ROTATION = Kind.values();

  private DatabaseDrift() {}

  static Injected apply(InSyncMirror mirror, double fraction, long seed, DataSource dataSource) throws SQLException {
    Random random = new Random(seed);
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    List<Object[]> statusEdits = new ArrayList<>();
    List<Object[]> tierEdits = new ArrayList<>();
    List<Object[]> periodEdits = new ArrayList<>();
    List<Object[]> quantityEdits = new ArrayList<>();
    List<Object[]> deletes = new ArrayList<>();
    List<SubscriptionRow> orphans = new ArrayList<>();
    long nextRowId = mirror.subscriptionCount() + 1;
    int drifted = 0;
    try (Stream<SubscriptionRow> rows = mirror.subscriptions()) {
      for (Iterator<SubscriptionRow> it = rows.iterator(); it.hasNext(); ) {
        SubscriptionRow row = it.next();
        if (random.nextDouble() >= fraction || row.archivedAt() != null) {
          continue;
        }
        for (int i = 0; i < ROTATION.length; i++) {
          Kind kind = ROTATION[(drifted + i) % ROTATION.length];
          if (!fits(kind, row)) {
            continue;
          }
          switch (kind) {
            case STATUS -> statusEdits.add(new Object[] {"past_due".equals(row.status()) ? "active" : "past_due", row.id()});
            case TIER -> tierEdits.add(new Object[] {"enterprise".equals(row.planTier()) ? "starter" : "enterprise", row.id()});
            case PERIOD -> {
              Duration length = Duration.between(row.currentPeriodStart(), row.currentPeriodEnd());
              periodEdits.add(new Object[] {utc(row.currentPeriodStart().minus(length)), utc(row.currentPeriodStart()), row.id()});
            }
            case QUANTITY -> quantityEdits.add(new Object[] {row.quantity() + 5, row.id()});
            case MISSING -> deletes.add(new Object[] {row.id()});
            case ORPHAN -> orphans.add(orphanLike(row, nextRowId++, drifted));
          }
          counts.merge(kind, 1L, Long::sum);
          drifted++;
          break;
        }
      }
    }
    try (Connection c = dataSource.getConnection()) {
      batch(c, "UPDATE subscriptions SET status = ?, version = version + 1 WHERE id = ?", statusEdits);
      batch(c, "UPDATE subscriptions SET plan_tier = ?, version = version + 1 WHERE id = ?", tierEdits);
      batch(c, "UPDATE subscriptions SET current_period_start = ?, current_period_end = ?, version = version + 1"
          + " WHERE id = ?", periodEdits);
      batch(c, "UPDATE subscriptions SET quantity = ?, version = version + 1 WHERE id = ?", quantityEdits);
      batch(c, "DELETE FROM subscriptions WHERE id = ?", deletes);
    }
    new BillingDatabaseSeeder(dataSource).insertSubscriptions(orphans.iterator());
    return new Injected(counts);
  }

  private static boolean fits(Kind kind, SubscriptionRow row) {
    return switch (kind) {
      // an unresolvable tier (NULL) is kept as it is by the planner, so editing it would be no drift
      case TIER -> row.planTier() != null;
      case PERIOD -> row.currentPeriodStart() != null && row.currentPeriodEnd() != null;
      case QUANTITY -> row.quantity() != null;
      case STATUS, MISSING, ORPHAN -> true;
    };
  }

  /** A live copy of {@code row} under a new row id and a subscription id Stripe does not know. */
  private static SubscriptionRow orphanLike(SubscriptionRow row, long id, int n) {
    return new SubscriptionRow(id, row.organizationId(), ORPHAN_PREFIX + n, row.stripeCustomerId(),
        row.stripePriceId(), row.planTier(), "active", row.quantity(), row.currentPeriodStart(),
        row.currentPeriodEnd(), false, null, null, null, null, null, row.metadata(), null, null, 0, row.createdAt());
  }

  private static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] values : rows) {
        for (int i = 0; i < values.length; i++) {
          ps.setObject(i + 1, values[i]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static Timestamp utc(java.time.Instant instant) {
    return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
