package com.subscriptionreconciler.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs (and bare {@code --flag}s from {@code flags}) for the benchmark's small mains. */
final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  static Args parse(String[] args, Set<String> flags) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String name = a.substring(2);
      if (flags.contains(name)) {
        out.put(name, "true");
      } else if (i + 1 < args.length) {
        out.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("missing value for " + a);
      }
    }
    return new Args(out);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  long longOf(String name, long fallback) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
  }

  double doubleOf(String name, double fallback) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }
}
