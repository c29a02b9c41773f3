package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.SecretSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook signing secret(s): {@code STRIPE_WEBHOOK_SECRET} (local runs) or the Secrets Manager secret named by
 * {@code STRIPE_WEBHOOK_SECRET_ID}, never both. The value is one {@code whsec_…} secret, or several separated by
 * commas or whitespace while a secret is being replaced (any of them verifies). Errors name the variable, never
 * the value.
 */
public final class WebhookSecrets {
  public static final String SECRET_VARIABLE = "STRIPE_WEBHOOK_SECRET";
  public static final String SECRET_ID_VARIABLE = "STRIPE_WEBHOOK_SECRET_ID";

  private WebhookSecrets() {}

  public static List<Secret> load(Environment env, SecretSource secrets) {
    boolean plain = env.isSet(SECRET_VARIABLE);
    boolean managed = env.isSet(SECRET_ID_VARIABLE);
    if (plain && managed) {
      throw new ConfigurationException(
          "set " + SECRET_VARIABLE + " or " + SECRET_ID_VARIABLE + ", not both: a receiver must know which secret it trusts");
    }
    if (plain) {
      return parse(env.get(SECRET_VARIABLE).orElseThrow(), SECRET_VARIABLE);
    }
    if (managed) {
      String id = env.get(SECRET_ID_VARIABLE).orElseThrow();
      return parse(secrets.secretString(id), "the secret named by " + SECRET_ID_VARIABLE);
    }
    throw new ConfigurationException(
        "no webhook signing secret: set " + SECRET_ID_VARIABLE + " (Secrets Manager) or " + SECRET_VARIABLE);
  }

  static List<Secret> parse(String value, String source) {
    List<Secret> parsed = new ArrayList<>();
    for (String part : value.trim().split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!part.startsWith("whsec_") || part.length() == "whsec_".length()) {
        throw new ConfigurationException(source + " does not look like a Stripe webhook signing secret (whsec_…)");
      }
      parsed.add(Secret.of(part));
    }
    if (parsed.isEmpty()) {
      throw new ConfigurationException(source + " is empty");
    }
    return parsed;
  }
}
