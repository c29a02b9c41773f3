package com.subscriptionreconciler.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subscriptionreconciler.config.SchemaMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code SCHEMA_MAP} amounts to: every logical table and column the product uses, each with the physical
 * name the function will use for it (an unmapped name keeps its logical one), in the shape of {@code SCHEMA_MAP}
 * itself but complete. Worked out from the configuration alone, so it can be shown when the database cannot be
 * reached; whether those tables and columns exist is doctor's schema check.
 *
 * @param tables logical table → its physical table and columns, in the product's order
 */
public record EffectiveSchemaMap(Map<String, Table> tables) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public EffectiveSchemaMap {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /** One table: its physical name and logical column → physical column. */
  public record Table(String table, Map<String, String> columns) {}

  /**
   * @param severalAccounts {@code STRIPE_ACCOUNTS} is set, so {@code stripe_account} is used (it is listed too
   *     when the map names it)
   */
  public static EffectiveSchemaMap of(SchemaMap map, boolean severalAccounts) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (LogicalTable logical : LogicalTable.values()) {
      String name = logical.logicalName();
      List<ProductColumn> used = new ArrayList<>(logical.columns());
      if (severalAccounts || map.mapsColumn(name, LogicalTable.ACCOUNT.name())) {
        used.add(LogicalTable.ACCOUNT);
      }
      Map<String, String> columns = new LinkedHashMap<>();
      used.forEach(c -> columns.put(c.name(), map.column(name, c.name())));
      tables.put(name, new Table(map.table(name), columns));
    }
    return new EffectiveSchemaMap(tables);
  }

  /** {@code {"organizations":{"table":…,"columns":{…}},"subscriptions":{…}}}. */
  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    tables.forEach((logical, t) -> {
      ObjectNode table = root.putObject(logical).put("table", t.table());
      ObjectNode columns = table.putObject("columns");
      t.columns().forEach(columns::put);
    });
    return root;
  }
}
