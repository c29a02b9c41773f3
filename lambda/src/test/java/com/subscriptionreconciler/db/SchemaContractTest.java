package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every table and column docs/reference.md, Schema names, with its nullability and default, on the real server. */
@RealDatabase
class SchemaContractTest {

  /** type, nullable, default (normalised: unquoted, lower case; null = no default). */
  private record Col(String type, boolean nullable, String defaultValue) {}

  private static Col col(String type, boolean nullable) {
    return new Col(type, nullable, null);
  }

  private static Col col(String type, boolean nullable, String defaultValue) {
    return new Col(type, nullable, defaultValue);
  }

  private static final String NOW = "current_timestamp(3)";

  private static Map<String, Col> expected(String table) {
    Map<String, Col> c = new LinkedHashMap<>();
    switch (table) {
      case "organizations" -> {
        c.put("id", col("bigint", false));
        c.put("name", col("varchar", true));
        c.put("stripe_customer_id", col("varchar", true));
        c.put("plan_tier", col("varchar", false, "free"));
        c.put("subscription_status", col("varchar", false, "none"));
        c.put("created_at", col("datetime", false, NOW));
        c.put("updated_at", col("datetime", false, NOW));
        c.put("last_reconciled_at", col("datetime", true));
        // migration 3: which Stripe account (NULL = the default one)
        c.put("stripe_account", col("varchar", true));
      }
      case "subscriptions" -> {
        c.put("id", col("bigint", false));
        c.put("organization_id", col("bigint", false));
        c.put("stripe_subscription_id", col("varchar", true));
        c.put("stripe_customer_id", col("varchar", true));
        c.put("stripe_price_id", col("varchar", true));
        c.put("plan_tier", col("varchar", true));
        c.put("status", col("varchar", false));
        c.put("quantity", col("bigint", true));
        c.put("current_period_start", col("datetime", true));
        c.put("current_period_end", col("datetime", true));
        c.put("cancel_at_period_end", col("tinyint", false, "0"));
        c.put("cancel_at", col("datetime", true));
        c.put("canceled_at", col("datetime", true));
        c.put("ended_at", col("datetime", true));
        c.put("trial_start", col("datetime", true));
        c.put("trial_end", col("datetime", true));
        c.put("metadata", col("json", true));
        c.put("archived_at", col("datetime", true));
        c.put("archive_reason", col("varchar", true));
        c.put("last_reconciled_at", col("datetime", true));
        c.put("version", col("int", false, "0"));
        c.put("created_at", col("datetime", false, NOW));
        c.put("updated_at", col("datetime", false, NOW));
        c.put("stripe_account", col("varchar", true));
      }
      case "reconciliation_runs" -> {
        c.put("id", col("varchar", false));
        c.put("trigger", col("varchar", false));
        c.put("mode", col("varchar", false));
        c.put("dry_run", col("tinyint", false, "0"));
        c.put("status", col("varchar", false));
        c.put("started_at", col("datetime", false));
        c.put("finished_at", col("datetime", true));
        c.put("duration_ms", col("bigint", true));
        for (String count :
            List.of(
                "total_organizations",
                "total_subscriptions",
                "synchronized_count",
                "created",
                "archived",
                "skipped",
                "unlinked",
                "errors",
                "stripe_requests")) {
          c.put(count, col("bigint", false, "0"));
        }
        c.put("error", col("text", true));
        c.put("rollback_of_run_id", col("varchar", true));
        c.put("report", col("longtext", true));
        c.put("resume_state", col("longtext", true));
        c.put("updated_at", col("datetime", false, NOW));
        c.put("stripe_account", col("varchar", true));
      }
      case "reconciliation_changes" -> {
        c.put("id", col("bigint", false));
        c.put("run_id", col("varchar", false));
        c.put("entity", col("varchar", false));
        c.put("entity_id", col("bigint", true));
        c.put("stripe_id", col("varchar", true));
        c.put("action", col("varchar", false));
        c.put("field", col("varchar", false));
        c.put("old_value", col("mediumtext", true));
        c.put("new_value", col("mediumtext", true));
        c.put("applied", col("tinyint", false, "0"));
        c.put("created_at", col("datetime", false, NOW));
      }
      case "reconciliation_checkpoints" -> {
        c.put("name", col("varchar", false));
        c.put("last_event_id", col("varchar", true));
        c.put("last_event_created", col("datetime", true));
        c.put("run_id", col("varchar", true));
        c.put("updated_at", col("datetime", false, NOW));
      }
      default -> throw new IllegalArgumentException(table);
    }
    return c;
  }

  @Test
  void everyTableHasExactlyTheColumnsWithNullabilityAndDefaults(TestDatabase db) {
    for (String table : TestDatabase.TABLES) {
      List<Map<String, Object>> rows =
          db.query(
              "SELECT column_name AS name, data_type AS type, is_nullable AS nullable,"
                  + " column_default AS dflt, datetime_precision AS prec, extra AS extra"
                  + " FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?"
                  + " ORDER BY ordinal_position",
              table);
      Map<String, Col> actual = new LinkedHashMap<>();
      for (Map<String, Object> row : rows) {
        String name = String.valueOf(row.get("name"));
        String type = String.valueOf(row.get("type")).toLowerCase(Locale.ROOT);
        if (name.equals("metadata") && type.equals("longtext")) {
          type = "json"; // MariaDB's JSON is LONGTEXT with a json_valid check
        }
        actual.put(name, new Col(type, "YES".equals(row.get("nullable")), normaliseDefault(row.get("dflt"))));
        if (type.equals("datetime")) {
          assertThat(((Number) row.get("prec")).intValue()).as(table + "." + name + " precision").isEqualTo(3);
        }
        if (name.equals("id") && !table.equals("reconciliation_runs")) {
          assertThat(String.valueOf(row.get("extra")).toLowerCase(Locale.ROOT))
              .as(table + ".id")
              .contains("auto_increment");
        }
        if (name.equals("updated_at")) {
          assertThat(String.valueOf(row.get("extra")).toLowerCase(Locale.ROOT))
              .as(table + ".updated_at")
              .contains("on update current_timestamp(3)");
        }
      }
      assertThat(actual).as(table).containsExactlyEntriesOf(expected(table));
    }
  }

  @Test
  void tablesAreInnoDbUtf8mb4(TestDatabase db) {
    List<Map<String, Object>> rows =
        db.query(
            "SELECT table_name AS t, engine AS e, table_collation AS c FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'");
    assertThat(rows).hasSize(TestDatabase.TABLES.size());
    for (Map<String, Object> row : rows) {
      assertThat(String.valueOf(row.get("e"))).as(row.get("t") + " engine").isEqualTo("InnoDB");
      assertThat(String.valueOf(row.get("c"))).as(row.get("t") + " collation").startsWith("utf8mb4_");
    }
  }

  @Test
  void uniqueKeysPrimaryKeysAndEngineIndexesExist(TestDatabase db) {
    Map<String, List<String>> unique = indexes(db, true);
    assertThat(unique)
        .containsEntry("organizations.PRIMARY", List.of("id"))
        .containsEntry("organizations.uq_organizations_stripe_customer_id", List.of("stripe_customer_id"))
        .containsEntry("subscriptions.PRIMARY", List.of("id"))
        .containsEntry(
            "subscriptions.uq_subscriptions_stripe_subscription_id", List.of("stripe_subscription_id"))
        .containsEntry("reconciliation_runs.PRIMARY", List.of("id"))
        .containsEntry("reconciliation_changes.PRIMARY", List.of("id"))
        .containsEntry("reconciliation_checkpoints.PRIMARY", List.of("name"))
        .hasSize(7);

    Map<String, List<String>> other = indexes(db, false);
    assertThat(other)
        .containsEntry("subscriptions.idx_subscriptions_organization_id", List.of("organization_id"))
        .containsEntry("subscriptions.idx_subscriptions_stripe_customer_id", List.of("stripe_customer_id"))
        .containsEntry("subscriptions.idx_subscriptions_archived_at_id", List.of("archived_at", "id"))
        .containsEntry("reconciliation_runs.idx_reconciliation_runs_started_at", List.of("started_at", "id"))
        .containsEntry("reconciliation_changes.idx_reconciliation_changes_run_id_id", List.of("run_id", "id"))
        .containsEntry(
            "reconciliation_changes.idx_reconciliation_changes_entity", List.of("entity", "entity_id", "id"));
  }

  @Test
  void foreignKeysTieSubscriptionsToOrganizationsAndChangesToRuns(TestDatabase db) {
    List<Map<String, Object>> fks =
        db.query(
            "SELECT table_name AS t, column_name AS c, referenced_table_name AS rt, referenced_column_name AS rc"
                + " FROM information_schema.key_column_usage"
                + " WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL ORDER BY table_name");
    assertThat(fks)
        .extracting(r -> r.get("t") + "." + r.get("c") + "->" + r.get("rt") + "." + r.get("rc"))
        .containsExactly(
            "reconciliation_changes.run_id->reconciliation_runs.id",
            "subscriptions.organization_id->organizations.id");

    assertThatThrownBy(() -> db.execute("INSERT INTO subscriptions (organization_id, status) VALUES (999999, 'active')"))
        .hasMessageContaining("foreign key");
  }

  @Test
  void uniqueStripeIdsAllowManyNullsButNoDuplicates(TestDatabase db) {
    db.truncateAll();
    db.execute("INSERT INTO organizations (name) VALUES ('a'), ('b')");
    assertThat(db.count("organizations")).isEqualTo(2);
    db.execute("INSERT INTO organizations (name, stripe_customer_id) VALUES ('c', 'cus_1')");
    assertThatThrownBy(
            () -> db.execute("INSERT INTO organizations (name, stripe_customer_id) VALUES ('d', 'cus_1')"))
        .hasMessageContaining("Duplicate");
    // Stripe ids are case-sensitive: a different case is a different id
    db.execute("INSERT INTO organizations (name, stripe_customer_id) VALUES ('e', 'CUS_1')");
    assertThat(db.count("organizations")).isEqualTo(4);
  }

  @Test
  void metadataRejectsInvalidJsonAndDefaultsApply(TestDatabase db) {
    db.truncateAll();
    db.execute("INSERT INTO organizations (name) VALUES ('acme')");
    Object orgId = db.queryValue("SELECT id FROM organizations");
    Map<String, Object> org = db.query("SELECT plan_tier, subscription_status, last_reconciled_at FROM organizations").get(0);
    assertThat(org.get("plan_tier")).isEqualTo("free");
    assertThat(org.get("subscription_status")).isEqualTo("none");
    assertThat(org.get("last_reconciled_at")).isNull();

    db.execute(
        "INSERT INTO subscriptions (organization_id, status, metadata) VALUES (?, 'active', ?)",
        orgId,
        "{\"plan\": \"pro\"}");
    Map<String, Object> sub = db.query("SELECT cancel_at_period_end, version FROM subscriptions").get(0);
    assertThat(sub.get("cancel_at_period_end")).isEqualTo(Boolean.FALSE);
    assertThat(((Number) sub.get("version")).intValue()).isZero();

    assertThatThrownBy(
            () ->
                db.execute(
                    "INSERT INTO subscriptions (organization_id, status, metadata) VALUES (?, 'active', 'not json')",
                    orgId))
        .isInstanceOf(IllegalStateException.class);
    assertThat(db.count("subscriptions")).isEqualTo(1);
  }

  private static Map<String, List<String>> indexes(TestDatabase db, boolean unique) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Map<String, Object> row :
        db.query(
            "SELECT table_name AS t, index_name AS i, column_name AS c FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history' AND non_unique = ?"
                + " ORDER BY table_name, index_name, seq_in_index",
            unique ? 0 : 1)) {
      result
          .computeIfAbsent(row.get("t") + "." + row.get("i"), k -> new java.util.ArrayList<>())
          .add(String.valueOf(row.get("c")));
    }
    return result;
  }

  private static String normaliseDefault(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("NULL")) {
      return null; // MariaDB reports DEFAULT NULL as the string NULL
    }
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      text = text.substring(1, text.length() - 1); // MariaDB quotes literal defaults
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
