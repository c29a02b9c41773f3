package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.AccountEventSettings;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.config.StripeAccounts;
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

  /**
   * The signing secret(s) of one account's endpoint ({@code STRIPE_ACCOUNTS}): its {@code webhookSecret} or
   * {@code webhookSecretId}; the default account may instead keep {@code STRIPE_WEBHOOK_SECRET(_ID)}, but not both.
   */
  public static List<Secret> load(AccountEventSettings account, Environment env, SecretSource secrets) {
    String where = StripeAccounts.VARIABLE + " account \"" + account.label() + "\"";
    boolean own = account.webhookSecret().isPresent() || account.webhookSecretId().isPresent();
    if (own && account.isDefault() && (env.isSet(SECRET_VARIABLE) || env.isSet(SECRET_ID_VARIABLE))) {
      throw new ConfigurationException(where + " has its own webhook signing secret and " + SECRET_VARIABLE + " or "
          + SECRET_ID_VARIABLE + " is set too: a receiver must know which secret it trusts, so keep one");
    }
    if (account.webhookSecret().isPresent()) {
      return parse(account.webhookSecret().get().reveal(), where + " webhookSecret");
    }
    if (account.webhookSecretId().isPresent()) {
      return parse(secrets.secretString(account.webhookSecretId().get()), "the secret named by " + where
          + " webhookSecretId");
    }
    if (account.isDefault()) {
      return load(env, secrets);
    }
    throw new ConfigurationException(where + " has no webhook signing secret: give \"webhookSecretId\" (Secrets"
        + " Manager) or \"webhookSecret\" for its endpoint");
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
