package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.adopt.DatabaseState;
import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.schema.ColumnType;
import com.subscriptionreconciler.schema.LiveRowKey;
import com.subscriptionreconciler.schema.ServerVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/** The database checks' decisions, as pure functions of what was read: each is tested passing and failing. */
final class DatabaseJudgements {
  private DatabaseJudgements() {}

  static Check server(ServerVersion server) {
    if (server.supported()) {
      return Check.pass("server version", server.toString());
    }
    return Check.fail("server version", server + " (" + server.raw() + ")",
        "use MySQL 8.0 or later, or MariaDB 10.6 or later");
  }

  /** {@code cipher} is the session's {@code Ssl_cipher} status: empty when the connection is not encrypted. */
  static Check tls(String cipher, boolean loopback) {
    if (cipher != null && !cipher.isBlank()) {
      return Check.pass("tls", "connection encrypted (" + cipher + ")");
    }
    if (loopback) {
      return Check.warn("tls", "connection not encrypted (a server on this machine)",
          "fine for a local database; for RDS set DB_SSL_MODE=VERIFY_IDENTITY");
    }
    return Check.fail("tls", "connection to the database is not encrypted",
        "require TLS: set DB_SSL_MODE=VERIFY_IDENTITY (or sslMode in JDBC_URL)");
  }

  static Check migrations(DatabaseState state, List<String> pending) {
    return switch (state) {
      case EMPTY -> Check.fail("migrations", "the product's tables do not exist yet",
          "run `migrate` (or set SCHEMA_MAP to the application's tables and run `migrate --adopt`)");
      case APPLICATION_TABLES -> Check.fail("migrations",
          "the billing tables belong to the application (no migration history)",
          "review `migrate --adopt --dry-run`, then run `migrate --adopt`");
      case MANAGED -> pending.isEmpty()
          ? Check.pass("migrations", "no pending migration")
          : Check.fail("migrations", "pending: " + String.join(", ", pending), "run `migrate`");
    };
  }

  static Check schema(List<String> problems, String described) {
    if (problems.isEmpty()) {
      return Check.pass("schema", described);
    }
    if (problems.stream().anyMatch(p -> p.startsWith("SCHEMA_MAP maps"))) {
      // adoption refuses while a mapped column is missing: suggesting it first would send the user in a circle
      return Check.fail("schema", String.join("; ", problems),
          "correct SCHEMA_MAP first, as each problem says (migrate --adopt refuses while SCHEMA_MAP names a column "
              + "the table does not have)");
    }
    return Check.fail("schema", String.join("; ", problems),
        "fix SCHEMA_MAP, or run `migrate --adopt` to add the missing columns (docs/reference.md, Existing databases)");
  }

  /** Each tier the product may write (PLAN_TIER_MAP values and DEFAULT_PLAN_TIER) must fit both tier columns. */
  static Check tiers(ReconcileRules rules, ColumnType subscriptionTier, ColumnType organizationTier) {
    return tiers(rules, StripeTiers.none(), subscriptionTier, organizationTier);
  }

  /**
   * Every tier a run can write must fit both {@code plan_tier} columns: the values of {@code PLAN_TIER_MAP},
   * {@code DEFAULT_PLAN_TIER}, and the tiers Stripe's prices resolve to through price or product metadata.
   */
  static Check tiers(ReconcileRules rules, StripeTiers stripe, ColumnType subscriptionTier,
      ColumnType organizationTier) {
    Map<String, String> tiers = new LinkedHashMap<>();
    rules.planTierMap().forEach((price, tier) -> tiers.putIfAbsent(tier, "PLAN_TIER_MAP"));
    tiers.putIfAbsent(rules.defaultPlanTier(), "DEFAULT_PLAN_TIER");
    stripe.tiers().forEach(tiers::putIfAbsent);
    List<String> misfits = new ArrayList<>();
    tiers.forEach((tier, source) -> {
      subscriptionTier.refusal(tier).ifPresent(r -> misfits.add("subscriptions.plan_tier: " + r + " (" + source + ")"));
      organizationTier.refusal(tier).ifPresent(r -> misfits.add("organizations.plan_tier: " + r + " (" + source + ")"));
    });
    String read = stripe.describe();
    if (misfits.isEmpty()) {
      return Check.pass("tier columns", "every tier a run can write fits: " + tiers.keySet() + read);
    }
    return Check.fail("tier columns", String.join("; ", misfits) + read,
        "change PLAN_TIER_MAP/DEFAULT_PLAN_TIER, or the plan_tier metadata in Stripe, to the application's tier "
            + "values, or widen the column yourself");
  }

  /**
   * @param missingForRuns privileges a run needs (SELECT, INSERT, UPDATE on the tables) that the grants lack
   * @param missingForMigrate what {@code migrate} also needs (CREATE, ALTER, INDEX, REFERENCES)
   */
  static Check grants(List<String> missingForRuns, List<String> missingForMigrate) {
    if (!missingForRuns.isEmpty()) {
      return Check.fail("grants", "missing for runs: " + String.join(", ", missingForRuns),
          "GRANT SELECT, INSERT, UPDATE ON <database>.* TO the reconciler's user");
    }
    if (!missingForMigrate.isEmpty()) {
      return Check.warn("grants", "runs can proceed; migrate would lack " + String.join(", ", missingForMigrate),
          "run migrate as a user with CREATE, ALTER, INDEX, REFERENCES, or grant them");
    }
    return Check.pass("grants", "SELECT, INSERT, UPDATE, and what migrate needs");
  }

  /** SHOW GRANTS refused: on a server started without privilege checks (error 1290) nothing can be missing. */
  static Check grantsUnreadable(int errorCode, String message) {
    if (errorCode == 1290 && message != null && message.contains("skip-grant-tables")) {
      return Check.pass("grants", "the server does not check privileges (--skip-grant-tables)");
    }
    return Check.warn("grants", "could not read the grants: " + message,
        "check by hand that the user has SELECT, INSERT, UPDATE on the database");
  }

  /**
   * Whether the database keeps one live row per subscription id (inserts of two concurrent runs rely on it).
   *
   * @param duplicates a sample of ids held by more than one live row (read only when nothing enforces it)
   */
  static Check liveRows(boolean enforced, List<String> duplicates, String table) {
    if (enforced) {
      return Check.pass("live rows", "a unique index keeps one live row per subscription id in " + table);
    }
    if (!duplicates.isEmpty()) {
      return Check.fail("live rows", "subscription ids with more than one live row in " + table + ": "
          + String.join(", ", duplicates), LiveRowKey.fixFor(duplicates, table));
    }
    return Check.fail("live rows", "no unique index keeps one live row per subscription id in " + table
        + ": two runs inserting the same new subscription at once could both insert it",
        "run migrate --adopt: it adds the unique index " + LiveRowKey.INDEX + " for live rows");
  }

  /**
   * Organizations without a Stripe customer id are never matched: their subscriptions would all be unlinked.
   */
  static Check linkedOrganizations(long organizations, long withoutCustomer) {
    if (organizations == 0) {
      return Check.warn("linked organizations", "no organizations yet",
          "every Stripe subscription would be reported unlinked until organizations exist");
    }
    if (withoutCustomer == organizations) {
      return Check.fail("linked organizations", "none of " + organizations + " organizations has a "
          + "stripe_customer_id", "fill organizations.stripe_customer_id (or map the column in SCHEMA_MAP)");
    }
    if (withoutCustomer > 0) {
      return Check.warn("linked organizations", withoutCustomer + " of " + organizations
          + " organizations have no stripe_customer_id", "fill it where the organization pays through Stripe");
    }
    return Check.pass("linked organizations", "all " + organizations + " organizations have a stripe_customer_id");
  }

  static Optional<String> hostOf(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int end = rest.length();
    for (char stop : new char[] {'/', ':', '?', ','}) {
      int i = rest.indexOf(stop);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    return end == 0 ? Optional.empty() : Optional.of(rest.substring(0, end));
  }

  static boolean isLoopback(String jdbcUrl) {
    return hostOf(jdbcUrl).map(h -> h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]"))
        .orElse(false);
  }
}
