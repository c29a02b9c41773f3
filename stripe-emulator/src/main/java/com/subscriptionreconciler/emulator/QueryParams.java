package com.subscriptionreconciler.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decoded query string. Array parameters arrive as {@code expand[]=…} or, from stripe-java, as
 * {@code expand[0]=…}; both are normalized to {@code expand[]} so handlers see one spelling.
 */
final class QueryParams {

  private static final Pattern INDEXED = Pattern.compile("^(.+)\\[\\d+]$");

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  static QueryParams parse(String rawQuery) {
    QueryParams params = new QueryParams();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      Matcher m = INDEXED.matcher(key);
      if (m.matches()) {
        key = m.group(1) + "[]";
      }
      params.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(null, "Invalid URL encoding: " + s);
    }
  }

  /** Refuses any parameter outside {@code allowed}, as Stripe does. */
  void requireOnly(Set<String> allowed) {
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw ApiError.invalid(key, "Received unknown parameter: " + key);
      }
    }
  }

  String string(String key) {
    List<String> v = values.get(key);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  List<String> list(String key) {
    return values.getOrDefault(key, List.of());
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  Long integer(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(key, "Invalid integer: " + v);
    }
  }

  Boolean bool(String key) {
    String v = string(key);
    if (v == null) {
      return null;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    throw ApiError.invalid(key, "Invalid boolean: " + v);
  }
}
