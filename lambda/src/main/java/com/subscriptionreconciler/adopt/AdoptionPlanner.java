package com.subscriptionreconciler.adopt;

import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.schema.Identifiers;
import com.subscriptionreconciler.schema.LiveRowKey;
import com.subscriptionreconciler.schema.LogicalTable;
import com.subscriptionreconciler.schema.PhysicalTable;
import com.subscriptionreconciler.schema.ProductColumn;
import com.subscriptionreconciler.schema.ServerVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, as a pure function of the catalogue, what adoption adds to the application's tables: each product
 * column the table lacks (under its logical name, unless {@code SCHEMA_MAP} names it) and each index the product's
 * queries need that no existing index already starts with. Existing columns are never altered, whatever their
 * type: the product adapts to them instead.
 */
public final class AdoptionPlanner {
  private static final String ONLINE_INDEX = ", ALGORITHM=INPLACE, LOCK=NONE";

  private AdoptionPlanner() {}

  /**
   * @param liveDuplicates subscription ids held by more than one live row (a sample): when any, the unique index
   *     for live rows ({@link LiveRowKey}) cannot be added, and the rest of the plan goes ahead without it
   * @param withAccountColumn also add {@code stripe_account} (docs/reference.md, Several Stripe accounts): asked
   *     for only when {@code STRIPE_ACCOUNTS} is set, so a single-account deployment's tables gain nothing it
   *     does not use
   */
  public static AdoptionPlan plan(
      Map<LogicalTable, Optional<PhysicalTable>> tables, SchemaMap map, ServerVersion server,
      List<String> liveDuplicates, boolean withAccountColumn) {
    List<AdoptionPlan.Ddl> statements = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    for (LogicalTable logical : LogicalTable.values()) {
      String name = map.table(logical.logicalName());
      Optional<PhysicalTable> table = tables.get(logical);
      if (table.isEmpty()) {
        blockers.add("table " + name + " (" + logical.logicalName() + ") does not exist: name the application's table "
            + "in SCHEMA_MAP, e.g. {\"" + logical.logicalName() + "\":{\"table\":\"…\"}}");
        continue;
      }
      List<ProductColumn> columns = new ArrayList<>(logical.columns());
      if (withAccountColumn) {
        columns.add(LogicalTable.ACCOUNT);
      }
      addColumns(logical, columns, table.get(), map, server, statements, blockers);
    }
    if (!blockers.isEmpty()) {
      return new AdoptionPlan(List.of(), blockers);
    }
    for (LogicalTable logical : LogicalTable.values()) {
      addIndexes(logical, tables.get(logical).orElseThrow(), map, statements);
    }
    PhysicalTable subscriptions = tables.get(LogicalTable.SUBSCRIPTIONS).orElseThrow();
    if (!LiveRowKey.enforced(subscriptions, map) && liveDuplicates.isEmpty()) {
      String alter = LiveRowKey.addition(subscriptions, map, server);
      statements.add(new AdoptionPlan.Ddl(alter + ONLINE_INDEX, List.of(alter),
          "keeps one live row per subscription id in " + subscriptions.name() + " (a generated column "
              + LiveRowKey.COLUMN + " with a unique index; archived rows may share an id)"));
    }
    return new AdoptionPlan(statements, blockers);
  }

  private static void addColumns(
      LogicalTable logical, List<ProductColumn> columns, PhysicalTable table, SchemaMap map, ServerVersion server,
      List<AdoptionPlan.Ddl> statements, List<String> blockers) {
    List<String> additions = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (ProductColumn column : columns) {
      String physical = map.column(logical.logicalName(), column.name());
      if (table.columnNamed(physical).isPresent()) {
        continue;
      }
      if (map.mapsColumn(logical.logicalName(), column.name())) {
        blockers.add("SCHEMA_MAP maps " + logical.logicalName() + "." + column.name() + " to column " + physical
            + ", which table " + table.name() + " does not have: correct the name, or remove it to let adoption add "
            + column.name());
      } else if (!column.canBeAdded()) {
        blockers.add("table " + table.name() + " has no column " + physical + ": map the application's "
            + logical.logicalName() + "." + column.name() + " column in SCHEMA_MAP");
      } else {
        additions.add("ADD COLUMN " + Identifiers.quote(physical) + " " + column.definition().orElseThrow());
        added.add(physical);
      }
    }
    if (additions.isEmpty()) {
      return;
    }
    String alter = "ALTER TABLE " + Identifiers.quote(table.name()) + " " + String.join(", ", additions);
    String explanation = "adds " + String.join(", ", added) + " to " + table.name();
    if (server.instantAddColumn()) {
      // a table with an indexed virtual column (the live-row key) takes new columns neither instantly nor online
      // on MariaDB: the server's default algorithm is the last resort, as the reference promises
      statements.add(new AdoptionPlan.Ddl(alter + ", ALGORITHM=INSTANT",
          List.of(alter + ", ALGORITHM=INPLACE, LOCK=NONE", alter), explanation));
    } else {
      statements.add(new AdoptionPlan.Ddl(alter + ", ALGORITHM=INPLACE, LOCK=NONE", List.of(alter), explanation));
    }
  }

  private static void addIndexes(
      LogicalTable logical, PhysicalTable table, SchemaMap map, List<AdoptionPlan.Ddl> statements) {
    for (List<String> index : logical.indexes()) {
      List<String> physical =
          index.stream().map(c -> map.column(logical.logicalName(), c)).toList();
      if (table.hasIndexStartingWith(physical)) {
        continue;
      }
      String name = Identifiers.quote(indexName(logical, index));
      String columns = physical.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
      String alter = "ALTER TABLE " + Identifiers.quote(table.name()) + " ADD INDEX " + name + " (" + columns + ")";
      statements.add(new AdoptionPlan.Ddl(alter + ONLINE_INDEX, List.of(alter),
          "indexes " + table.name() + " by " + String.join(", ", physical) + " for the reconciler's lookups"));
    }
  }

  /** {@code rcn_subscriptions_archived_at_id}: recognisably the product's, within MySQL's 64 characters. */
  static String indexName(LogicalTable logical, List<String> columns) {
    String name = "rcn_" + logical.logicalName() + "_" + String.join("_", columns);
    return name.length() <= 64 ? name : name.substring(0, 64);
  }
}
