package com.subscriptionreconciler.infrastructure;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;

/**
 * Reads and checks {@code schemaMap}, the function's {@code SCHEMA_MAP}: where an application keeps the billing
 * tables and columns (docs/reference.md, Existing databases). Checked here is the shape the function accepts: an
 * object with {@code organizations} and/or {@code subscriptions}, each with an optional {@code table} and an
 * optional {@code columns} object, every name an unquoted MySQL identifier. Whether the named tables and columns
 * exist only the database can say: the function checks that before its first statement, and {@code doctor}
 * reports it.
 */
final class SchemaMapContext {

    private static final Set<String> TABLES = Set.of("organizations", "subscriptions");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final String EXAMPLE = "{\"organizations\":{\"table\":\"accounts\",\"columns\":{\"plan_tier\":"
            + "\"tier\"}},\"subscriptions\":{\"table\":\"billing_subscriptions\"}}";

    private SchemaMapContext() {
    }

    /** The value for {@code SCHEMA_MAP}, empty when {@code schemaMap} is unset (or wrong: a problem then). */
    static Optional<String> read(ContextReader c) {
        String key = Keys.SCHEMA_MAP;
        Optional<JsonNode> parsed = c.jsonObject(key, "such as " + EXAMPLE);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = parsed.get();
        for (Map.Entry<String, JsonNode> table : root.properties()) {
            checkTable(c, key, table.getKey(), table.getValue());
        }
        return c.hasProblem(key) ? Optional.empty() : Optional.of(c.jsonText(key, root));
    }

    private static void checkTable(ContextReader c, String key, String logical, JsonNode mapping) {
        if (!TABLES.contains(logical)) {
            c.problem(key, "'" + key + "': unknown table \"" + logical + "\" (expected organizations or"
                    + " subscriptions)");
            return;
        }
        if (!mapping.isObject()) {
            c.problem(key, "'" + key + "': \"" + logical + "\" must be an object with \"table\" and/or \"columns\","
                    + " e.g. " + EXAMPLE);
            return;
        }
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            switch (entry.getKey()) {
                case "table" -> checkName(c, key, logical + ".table", entry.getValue());
                case "columns" -> {
                    if (!entry.getValue().isObject()) {
                        c.problem(key, "'" + key + "': \"" + logical + ".columns\" must be an object of logical"
                                + " column name to the application's column name");
                    } else {
                        entry.getValue().properties().forEach(column ->
                                checkName(c, key, logical + ".columns." + column.getKey(), column.getValue()));
                    }
                }
                default -> c.problem(key, "'" + key + "': unknown key \"" + logical + "." + entry.getKey()
                        + "\" (expected \"table\" or \"columns\")");
            }
        }
    }

    private static void checkName(ContextReader c, String key, String where, JsonNode name) {
        c.check(name.isTextual() && IDENTIFIER.matcher(name.textValue()).matches(), key, "'" + key + "': " + where
                + " must be a table or column name of 1 to 64 letters, digits, '_' or '$'");
    }
}
