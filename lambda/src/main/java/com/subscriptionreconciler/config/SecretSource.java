package com.subscriptionreconciler.config;

/**
 * Where {@code DB_SECRET_ID} and {@code STRIPE_SECRET_ID} are looked up. The port is defined here so configuration
 * does not depend on the AWS SDK; {@code com.subscriptionreconciler.secrets} provides the Secrets Manager adapter.
 */
@FunctionalInterface
public interface SecretSource {
  /**
   * Returns the secret's string value.
   *
   * @throws ConfigurationException when the secret does not exist, is not readable or has no string value; the
   *     message names the secret id, never the value
   */
  String secretString(String secretId);

  /**
   * The secret's current value, bypassing any cache: for a login that the database refused because the secret
   * was rotated since it was cached. Sources without a cache read as usual.
   */
  default String freshSecretString(String secretId) {
    return secretString(secretId);
  }

  /** For runs configured entirely by plain variables: any lookup is a configuration error. */
  static SecretSource none() {
    return secretId -> {
      throw new ConfigurationException("no secret store is available to read secret '" + secretId + "'");
    };
  }
}
