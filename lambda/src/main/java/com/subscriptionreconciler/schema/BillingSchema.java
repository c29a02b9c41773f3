package com.subscriptionreconciler.schema;

import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.config.ConfigurationException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The billing tables as this database has them: for each logical table its physical name, and for each logical
 * column the physical column and its type. Every read and write of {@code organizations} and {@code
 * subscriptions} builds its SQL from here, so {@code SCHEMA_MAP} applies everywhere at once.
 *
 * <p>Built only by {@link SchemaResolver} (names validated against the catalogue) or {@link #product()} (the
 * product's own names, for databases the product created). Rows are always read under their logical names
 * ({@code `tier` AS `plan_tier`}), so the code that maps result sets never sees a physical name.
 */
public final class BillingSchema {
  private final Map<LogicalTable, Resolved> tables;
  private final AccountScope scope;

  /** One table: physical name, logical column → physical column, logical column → type. */
  record Resolved(String table, Map<String, String> columns, Map<String, ColumnType> types) {
    Resolved {
      columns = Map.copyOf(columns);
      types = Map.copyOf(types);
    }
  }

  BillingSchema(Map<LogicalTable, Resolved> tables) {
    this(tables, AccountScope.single());
  }

  private BillingSchema(Map<LogicalTable, Resolved> tables, AccountScope scope) {
    this.tables = new EnumMap<>(tables);
    this.scope = scope;
  }

  /** The product's own schema under its own names, types as the product's migrations create them. */
  public static BillingSchema product() {
    Map<LogicalTable, Resolved> tables = new EnumMap<>(LogicalTable.class);
    for (LogicalTable t : LogicalTable.values()) {
      Map<String, String> columns = new HashMap<>(
          t.columns().stream().collect(Collectors.toMap(ProductColumn::name, ProductColumn::name)));
      // the product's migrations add stripe_account to both tables
      columns.put(LogicalTable.ACCOUNT.name(), LogicalTable.ACCOUNT.name());
      tables.put(t, new Resolved(t.logicalName(), columns, Map.of()));
    }
    return new BillingSchema(tables);
  }

  /**
   * The same tables, with every read and write of billing rows restricted to one Stripe account's rows
   * (docs/reference.md, Several Stripe accounts). A labelled scope needs the {@code stripe_account} column.
   *
   * @throws ConfigurationException when a table has no {@code stripe_account} column (nor one mapped)
   */
  public BillingSchema scopedTo(AccountScope scope) {
    if (scope.labelled()) {
      for (LogicalTable t : LogicalTable.values()) {
        if (!tables.get(t).columns().containsKey(LogicalTable.ACCOUNT.name())) {
          throw new ConfigurationException("STRIPE_ACCOUNTS is set, but table " + tables.get(t).table() + " ("
              + t.logicalName() + ") has no stripe_account column to tell the accounts' rows apart: run migrate"
              + " (the product's own tables) or migrate --adopt with STRIPE_ACCOUNTS set, or map the column in"
              + " SCHEMA_MAP");
        }
      }
    }
    return new BillingSchema(tables, scope);
  }

  /** The account whose rows this schema reads and writes; {@link AccountScope#single()} for all rows. */
  public AccountScope accountScope() {
    return scope;
  }

  /** The condition that keeps {@code table}'s rows to this schema's account, empty when all rows are its own. */
  public Optional<String> accountCondition(LogicalTable table) {
    return scope.labelled() ? scope.condition(column(table, LogicalTable.ACCOUNT.name())) : Optional.empty();
  }

  /** Whether {@code table} has {@code logicalColumn}; only {@code stripe_account} may be absent. */
  public boolean hasColumn(LogicalTable table, String logicalColumn) {
    return tables.get(table).columns().containsKey(logicalColumn);
  }

  /** The quoted physical table name. */
  public String table(LogicalTable table) {
    return Identifiers.quote(tables.get(table).table());
  }

  /** The quoted physical column of a logical one. */
  public String column(LogicalTable table, String logicalColumn) {
    String physical = tables.get(table).columns().get(logicalColumn);
    if (physical == null) {
      throw new IllegalArgumentException("not a column the product uses: " + table.logicalName() + "." + logicalColumn);
    }
    return Identifiers.quote(physical);
  }

  /** {@code `id` AS `id`, `tier` AS `plan_tier`, …}: a select list that reads rows under their logical names. */
  public String selectList(LogicalTable table, List<String> logicalColumns) {
    return logicalColumns.stream()
        .map(c -> column(table, c) + " AS " + Identifiers.quote(c))
        .collect(Collectors.joining(", "));
  }

  /** The column's type as the catalogue describes it; {@link ColumnType#unknown()} for the product's own schema. */
  public ColumnType type(LogicalTable table, String logicalColumn) {
    return Optional.ofNullable(tables.get(table).types().get(logicalColumn)).orElse(ColumnType.unknown());
  }
}
