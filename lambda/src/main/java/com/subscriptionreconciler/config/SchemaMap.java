package com.subscriptionreconciler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code SCHEMA_MAP}: where the application keeps the product's logical tables and columns, e.g. {@code
 * {"organizations":{"table":"orgs","columns":{"plan_tier":"tier"}}}}. Anything unmapped keeps its logical name.
 *
 * <p>This is the parsed, syntax-checked value only: that the logical names are ones the product knows and that the
 * physical tables and columns exist is checked against the database's catalogue before any statement uses them
 * (see docs/reference.md, Existing databases).
 */
public record SchemaMap(Map<String, TableMapping> tables) {
  public static final String VARIABLE = "SCHEMA_MAP";

  /**
   * Unquoted MySQL identifiers as applications name tables and columns: a backtick, quote, space or dot could
   * break out of a quoted identifier or name another schema, so anything else is refused outright.
   */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPECTED =
      "SCHEMA_MAP must be a JSON object such as {\"organizations\":{\"table\":\"orgs\",\"columns\":{\"plan_tier\":"
          + "\"tier\"}},\"subscriptions\":{\"table\":\"billing_subscriptions\"}}";

  public SchemaMap {
    tables = Map.copyOf(tables);
  }

  /** One logical table's physical name and column names; {@code table} is the logical name when unmapped. */
  public record TableMapping(Optional<String> table, Map<String, String> columns) {
    public TableMapping {
      columns = Map.copyOf(columns);
    }
  }

  public static SchemaMap none() {
    return new SchemaMap(Map.of());
  }

  public static SchemaMap from(Environment env) {
    return env.get(VARIABLE).map(SchemaMap::parse).orElse(none());
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  /** The physical table of a logical one. */
  public String table(String logicalTable) {
    TableMapping mapping = tables.get(logicalTable);
    return mapping == null ? logicalTable : mapping.table().orElse(logicalTable);
  }

  /** The physical column of a logical one. */
  public String column(String logicalTable, String logicalColumn) {
    TableMapping mapping = tables.get(logicalTable);
    return mapping == null ? logicalColumn : mapping.columns().getOrDefault(logicalColumn, logicalColumn);
  }

  /** Whether the column was named explicitly (so its absence is a mapping mistake, not a missing column). */
  public boolean mapsColumn(String logicalTable, String logicalColumn) {
    TableMapping mapping = tables.get(logicalTable);
    return mapping != null && mapping.columns().containsKey(logicalColumn);
  }

  public static SchemaMap parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException(EXPECTED + " (it is not valid JSON)");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(EXPECTED);
    }
    Map<String, TableMapping> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      tables.put(entry.getKey(), table(entry.getKey(), entry.getValue()));
    }
    return new SchemaMap(tables);
  }

  private static TableMapping table(String logical, JsonNode node) {
    if (!node.isObject()) {
      throw new ConfigurationException(EXPECTED + " (\"" + logical + "\" is not an object)");
    }
    Optional<String> table = Optional.empty();
    Map<String, String> columns = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      switch (entry.getKey()) {
        case "table" -> table = Optional.of(identifier(logical + ".table", entry.getValue()));
        case "columns" -> {
          if (!entry.getValue().isObject()) {
            throw new ConfigurationException(EXPECTED + " (\"" + logical + ".columns\" is not an object)");
          }
          for (Map.Entry<String, JsonNode> column : entry.getValue().properties()) {
            columns.put(column.getKey(), identifier(logical + ".columns." + column.getKey(), column.getValue()));
          }
        }
        default -> throw new ConfigurationException(
            "SCHEMA_MAP: unknown key \"" + logical + "." + entry.getKey() + "\" (expected \"table\" or \"columns\")");
      }
    }
    return new TableMapping(table, columns);
  }

  private static String identifier(String where, JsonNode value) {
    if (!value.isTextual() || !IDENTIFIER.matcher(value.textValue()).matches()) {
      throw new ConfigurationException("SCHEMA_MAP: " + where
          + " must be a table or column name of 1 to 64 letters, digits, '_' or '$'");
    }
    return value.textValue();
  }
}
