package com.subscriptionreconciler.config;

import java.util.Locale;

/** {@code LOG_LEVEL}, validated at start-up so a typo fails loudly instead of silently logging at INFO. */
public enum LogLevel {
  TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF;

  public static final String VARIABLE = "LOG_LEVEL";

  static LogLevel from(Environment env) {
    String value = env.get(VARIABLE).orElse("INFO").toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      // configuration errors never echo a value (a secret pasted into the wrong variable would land in a log)
      throw new ConfigurationException(VARIABLE + " is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF");
    }
  }
}
