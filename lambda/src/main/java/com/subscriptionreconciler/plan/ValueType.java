package com.subscriptionreconciler.plan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * The value types of the reconciled columns and their ONE canonical string encoding.
 *
 * <p>Every value the planner compares, every {@code old_value}/{@code new_value} in the audit trail and every
 * value rollback restores goes through {@link #encode}/{@link #decode}, so "equal" means the same thing
 * everywhere. {@code null} always means SQL NULL.
 *
 * <ul>
 *   <li>TEXT: the string itself.
 *   <li>INTEGER: decimal digits ({@code Long}).
 *   <li>BOOLEAN: {@code true}/{@code false}.
 *   <li>INSTANT: ISO-8601 UTC with exactly three fraction digits, {@code 2026-11-26T15:00:00.000Z}. Truncated
 *       (not rounded) to milliseconds because {@code DATETIME(3)} stores millis and MySQL truncates on insert
 *       when {@code TIME_TRUNCATE_FRACTIONAL}, rounds otherwise; Stripe sends whole seconds, so either way a
 *       value read back compares equal to the one written.
 *   <li>JSON: keys sorted, no whitespace (see {@link CanonicalJson}). An empty object and NULL are the same
 *       value: Stripe always sends {@code {}} for "no metadata", applications often store NULL, and that is
 *       not drift worth a write.
 * </ul>
 */
public enum ValueType {
  TEXT,
  INTEGER,
  BOOLEAN,
  INSTANT,
  JSON;

  private static final DateTimeFormatter INSTANT_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Canonical text of a Java value of this type: String (TEXT, JSON text), any Number (INTEGER), Boolean,
   * Instant; null stays null.
   */
  public String encode(Object value) {
    if (value == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> (String) value;
      case INTEGER -> Long.toString(((Number) value).longValue());
      case BOOLEAN -> Boolean.toString((Boolean) value);
      case INSTANT -> instantText(((Instant) value).truncatedTo(ChronoUnit.MILLIS));
      case JSON -> CanonicalJson.canonicalize((String) value);
    };
  }

  /**
   * The Java value for a canonical (or any parseable) string, ready to be a JDBC parameter: String, Long,
   * Boolean, Instant, or canonical JSON text.
   */
  public Object decode(String text) {
    if (text == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> text;
      case INTEGER -> Long.parseLong(text.trim());
      case BOOLEAN -> parseBoolean(text);
      case INSTANT -> Instant.parse(text.trim()).truncatedTo(ChronoUnit.MILLIS);
      case JSON -> CanonicalJson.canonicalize(text);
    };
  }

  /** Re-encodes text of this type in canonical form, e.g. {@code 2026-01-01T00:00:00Z} gets its millis. */
  public String canonicalize(String text) {
    return encode(decode(text));
  }

  /** Whether two encoded values denote the same column value (see the type list above for JSON). */
  public boolean same(String a, String b) {
    // canonical forms are a function of the text, so equal text is the same value: the common in-sync case,
    // decided without parsing anything
    return Objects.equals(a, b) || Objects.equals(comparable(a), comparable(b));
  }

  private String comparable(String text) {
    String canonical = canonicalize(text);
    return this == JSON && CanonicalJson.EMPTY_OBJECT.equals(canonical) ? null : canonical;
  }

  /**
   * The INSTANT encoding, written directly: the planner encodes a dozen instants per subscription, and
   * {@link DateTimeFormatter} was a visible part of a full run's CPU. Years outside 0–9999 (which Stripe never
   * sends) take the formatter.
   */
  private static String instantText(Instant millis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(millis.getEpochSecond(), millis.getNano(), ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return INSTANT_FORMAT.format(millis);
    }
    StringBuilder b = new StringBuilder(24);
    digits(b, t.getYear(), 4).append('-');
    digits(b, t.getMonthValue(), 2).append('-');
    digits(b, t.getDayOfMonth(), 2).append('T');
    digits(b, t.getHour(), 2).append(':');
    digits(b, t.getMinute(), 2).append(':');
    digits(b, t.getSecond(), 2).append('.');
    return digits(b, t.getNano() / 1_000_000, 3).append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    for (int limit = 10, pad = width - 1; pad > 0; limit *= 10, pad--) {
      if (value < limit) {
        b.append('0');
      }
    }
    return b.append(value);
  }

  private static Boolean parseBoolean(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean: '" + text + "'");
    };
  }
}
