package com.subscriptionreconciler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Resolves the Stripe key from {@code STRIPE_SECRET_KEY} (local runs) or the secret named by
 * {@code STRIPE_SECRET_ID}: a plain {@code sk_…}/{@code rk_…} string, or a JSON object holding it under
 * {@code STRIPE_SECRET_KEY}.
 *
 * <p>Setting both is refused rather than silently preferring one: running against the wrong Stripe account is the
 * exact mistake the safety guard exists for, and an ambiguous configuration is how it happens.
 */
final class StripeKeyResolver {
  static final String KEY_VARIABLE = "STRIPE_SECRET_KEY";
  static final String SECRET_ID_VARIABLE = "STRIPE_SECRET_ID";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StripeKeyResolver() {}

  static Secret resolve(Environment env, SecretSource secrets) {
    Optional<String> key = env.get(KEY_VARIABLE);
    Optional<String> secretId = env.get(SECRET_ID_VARIABLE);
    if (key.isPresent() && secretId.isPresent()) {
      throw new ConfigurationException(
          "both STRIPE_SECRET_KEY and STRIPE_SECRET_ID are set; set only one so it is clear which Stripe key is used");
    }
    if (key.isPresent()) {
      return StripeKeyShape.check(key.get(), KEY_VARIABLE);
    }
    if (secretId.isPresent()) {
      return fromSecret(secretId.get(), secrets.secretString(secretId.get()));
    }
    throw new ConfigurationException("no Stripe key configured: set STRIPE_SECRET_KEY or STRIPE_SECRET_ID");
  }

  static Secret fromSecret(String secretId, String secretString) {
    return fromSecret(secretId, secretString, "STRIPE_SECRET_ID");
  }

  /** @param variable what named the secret, for messages: {@code STRIPE_SECRET_ID} or an account's field */
  static Secret fromSecret(String secretId, String secretString, String variable) {
    String where = "secret '" + secretId + "' (" + variable + ")";
    String trimmed = secretString.trim();
    if (!trimmed.startsWith("{")) {
      return StripeKeyShape.check(trimmed, where);
    }
    JsonNode node;
    try {
      node = JSON.readTree(trimmed);
    } catch (IOException e) {
      // Jackson's message quotes the offending text, which is part of the secret: do not chain it.
      throw new ConfigurationException(where + " is neither a Stripe key nor valid JSON");
    }
    JsonNode value = node == null ? null : node.get(KEY_VARIABLE);
    if (value == null || !value.isTextual()) {
      throw new ConfigurationException(where + " is JSON but has no string field \"" + KEY_VARIABLE + "\"");
    }
    return StripeKeyShape.check(value.textValue(), where + " field " + KEY_VARIABLE);
  }
}
