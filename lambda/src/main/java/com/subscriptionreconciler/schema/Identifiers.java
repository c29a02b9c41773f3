package com.subscriptionreconciler.schema;

import java.util.regex.Pattern;

/**
 * Quoting of table and column names that reach SQL text. Only names read back from the database's own catalogue
 * or the product's constants get here, and they are checked once more before being wrapped in backticks.
 */
public final class Identifiers {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_$]{1,64}");

  private Identifiers() {}

  public static String quote(String identifier) {
    if (identifier == null || !SAFE.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain table or column name: " + identifier);
    }
    return "`" + identifier + "`";
  }
}
