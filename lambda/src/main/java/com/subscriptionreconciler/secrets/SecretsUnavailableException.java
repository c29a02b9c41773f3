package com.subscriptionreconciler.secrets;

/**
 * Secrets Manager could not be reached (network, timeout). Unlike a missing or malformed secret this is not a
 * configuration mistake the operator fixes in the variables, so it is not a {@code ConfigurationException}; it
 * fails the invocation and the next one tries again.
 */
public class SecretsUnavailableException extends RuntimeException {
  public SecretsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
