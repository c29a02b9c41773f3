package com.subscriptionreconciler.schema;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.SchemaMap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Turns {@code SCHEMA_MAP} into a {@link BillingSchema} by checking every name against the database's catalogue,
 * once, before any statement uses it. A mapping that names something absent, or a table that lacks a column the
 * product needs, is a {@link ConfigurationException} naming it (exit code 2): never an SQL error mid-run.
 */
public final class SchemaResolver {
  private SchemaResolver() {}

  /**
   * Resolves the schema. With no {@code SCHEMA_MAP} and no billing tables yet (a database {@code migrate} has not
   * created), the product's own names are used, so that case keeps failing where it always did: at the first
   * statement, telling the operator to migrate.
   */
  public static BillingSchema resolve(DataSource dataSource, SchemaMap map) {
    checkLogicalNames(map);
    try (Connection c = dataSource.getConnection()) {
      Map<LogicalTable, BillingSchema.Resolved> resolved = new EnumMap<>(LogicalTable.class);
      for (LogicalTable t : LogicalTable.values()) {
        String physical = map.table(t.logicalName());
        Optional<PhysicalTable> table = Catalogue.table(c, physical);
        if (table.isEmpty()) {
          if (map.isEmpty()) {
            return BillingSchema.product();
          }
          throw new ConfigurationException("SCHEMA_MAP: table " + physical + " (for " + t.logicalName()
              + ") does not exist in this database; check the name, or run migrate to create the product's tables");
        }
        resolved.put(t, resolve(t, table.get(), map));
      }
      return new BillingSchema(resolved);
    } catch (SQLException e) {
      throw new SchemaUnreadableException("could not read the database's catalogue: " + e.getMessage(), e);
    }
  }

  /** Logical names the product does not know are a typo in {@code SCHEMA_MAP}, reported before any query. */
  public static void checkLogicalNames(SchemaMap map) {
    for (Map.Entry<String, SchemaMap.TableMapping> entry : map.tables().entrySet()) {
      LogicalTable table = LogicalTable.named(entry.getKey()).orElseThrow(() -> new ConfigurationException(
          "SCHEMA_MAP: unknown table \"" + entry.getKey() + "\" (expected organizations or subscriptions)"));
      for (String column : entry.getValue().columns().keySet()) {
        if (table.column(column).isEmpty()) {
          throw new ConfigurationException("SCHEMA_MAP: " + table.logicalName() + " has no column \"" + column
              + "\" the product uses (see docs/reference.md, Schema)");
        }
      }
    }
  }

  /** Problems with one table, as messages; empty when the product can use it as mapped. */
  public static List<String> problems(LogicalTable logical, PhysicalTable table, SchemaMap map) {
    List<String> problems = new ArrayList<>();
    for (ProductColumn column : logical.columns()) {
      String physical = map.column(logical.logicalName(), column.name());
      if (table.columnNamed(physical).isPresent()) {
        continue;
      }
      if (map.mapsColumn(logical.logicalName(), column.name())) {
        problems.add("SCHEMA_MAP maps " + logical.logicalName() + "." + column.name() + " to column " + physical
            + ", which table " + table.name() + " does not have: " + (column.canBeAdded()
                ? "correct the name, or remove it from SCHEMA_MAP to let migrate --adopt add " + column.name()
                : "name the application's " + column.name() + " column"));
      } else {
        problems.add("table " + table.name() + " has no column " + physical + " (" + logical.logicalName() + "."
            + column.name() + "): " + (column.canBeAdded()
                ? "run migrate --adopt to add it, or map it in SCHEMA_MAP"
                : "map the application's column in SCHEMA_MAP"));
      }
    }
    return problems;
  }

  private static BillingSchema.Resolved resolve(LogicalTable logical, PhysicalTable table, SchemaMap map) {
    List<String> problems = problems(logical, table, map);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("; ", problems));
    }
    Map<String, String> columns = new HashMap<>();
    Map<String, ColumnType> types = new HashMap<>();
    for (ProductColumn column : logical.columns()) {
      String physical = table.columnNamed(map.column(logical.logicalName(), column.name())).orElseThrow();
      columns.put(column.name(), physical);
      types.put(column.name(), table.columns().get(physical));
    }
    // stripe_account only where the table has it: needed (and checked) only with STRIPE_ACCOUNTS
    String account = map.column(logical.logicalName(), LogicalTable.ACCOUNT.name());
    Optional<String> accountColumn = table.columnNamed(account);
    if (accountColumn.isEmpty() && map.mapsColumn(logical.logicalName(), LogicalTable.ACCOUNT.name())) {
      throw new ConfigurationException("SCHEMA_MAP maps " + logical.logicalName() + ".stripe_account to column "
          + account + ", which table " + table.name() + " does not have");
    }
    accountColumn.ifPresent(physical -> {
      columns.put(LogicalTable.ACCOUNT.name(), physical);
      types.put(LogicalTable.ACCOUNT.name(), table.columns().get(physical));
    });
    return new BillingSchema.Resolved(table.name(), columns, types);
  }
}
