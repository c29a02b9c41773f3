package com.subscriptionreconciler.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A column's type as the database's catalogue describes it: what the product may write into it. Writing a value
 * the column cannot hold is refused before the statement, with the reason, so a non-strict {@code sql_mode} can
 * never silently truncate it or turn an unknown ENUM value into {@code ''}.
 *
 * @param dataType {@code information_schema.COLUMNS.DATA_TYPE}, lower case ({@code varchar}, {@code enum}, …)
 * @param columnType the full type ({@code enum('free','pro')}, {@code datetime}, {@code varchar(32)})
 * @param maxCharacters the character length limit of a character column, empty otherwise
 * @param fractionalDigits the fractional second digits of a time column (0 for {@code DATETIME}), empty otherwise
 * @param nullable whether NULL is allowed
 */
public record ColumnType(
    String dataType, String columnType, Optional<Long> maxCharacters, Optional<Integer> fractionalDigits,
    boolean nullable) {

  /** The type the product's own schema gives a column; used when nothing is known about the table. */
  public static ColumnType unknown() {
    return new ColumnType("", "", Optional.empty(), Optional.empty(), true);
  }

  public boolean isEnum() {
    return "enum".equals(dataType);
  }

  public boolean isTime() {
    return "datetime".equals(dataType) || "timestamp".equals(dataType);
  }

  public boolean isCharacter() {
    return dataType.endsWith("char") || dataType.endsWith("text");
  }

  public boolean isInteger() {
    return dataType.endsWith("int");
  }

  /** An ENUM's allowed values, in declaration order; empty for any other type. */
  public List<String> enumValues() {
    if (!isEnum()) {
      return List.of();
    }
    return parseQuotedList(columnType.substring(columnType.indexOf('(') + 1, columnType.lastIndexOf(')')));
  }

  /** Fractional second digits the column keeps; 9 (everything: the server decides) when unknown. */
  public int precision() {
    return fractionalDigits.orElse(9);
  }

  /** Why {@code value} cannot be written to this column, or empty when it can. */
  public Optional<String> refusal(String value) {
    if (value == null) {
      return nullable ? Optional.empty() : Optional.of("the column does not allow NULL");
    }
    if (isEnum()) {
      // exact match: MySQL would accept 'Pro' for 'pro' and store 'pro', which then shows as drift every run
      return enumValues().contains(value)
          ? Optional.empty()
          : Optional.of("'" + value + "' is not one of the column's values " + columnType);
    }
    if (maxCharacters.isPresent() && value.codePointCount(0, value.length()) > maxCharacters.get()) {
      return Optional.of("the value is " + value.codePointCount(0, value.length()) + " characters, the column holds "
          + maxCharacters.get() + " (" + columnType + ")");
    }
    return Optional.empty();
  }

  /** {@code 'a','b''c'} → [a, b'c]: the catalogue's spelling of ENUM members. */
  static List<String> parseQuotedList(String list) {
    List<String> values = new ArrayList<>();
    StringBuilder current = null;
    for (int i = 0; i < list.length(); i++) {
      char ch = list.charAt(i);
      if (current == null) {
        if (ch == '\'') {
          current = new StringBuilder();
        }
      } else if (ch == '\'' && i + 1 < list.length() && list.charAt(i + 1) == '\'') {
        current.append('\'');
        i++;
      } else if (ch == '\'') {
        values.add(current.toString());
        current = null;
      } else {
        current.append(ch);
      }
    }
    return values;
  }

  @Override
  public String toString() {
    return columnType.toLowerCase(Locale.ROOT) + (nullable ? " NULL" : " NOT NULL");
  }
}
