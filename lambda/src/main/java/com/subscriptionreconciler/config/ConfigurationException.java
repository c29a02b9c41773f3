package com.subscriptionreconciler.config;

/**
 * The configuration (environment variables or the secrets they point at) is missing or malformed. The CLI maps it
 * to exit code 2; the Lambda handler fails the invocation with it.
 *
 * <p>Messages name the variable or secret id and what is wrong, never the offending value: the value may be a key
 * or a password, and even harmless values are not echoed so a mistake can never leak one by accident.
 */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
