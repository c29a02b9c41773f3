package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.AccountEventSettings;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.config.StripeAccounts;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The receiver's paths and the signing secrets that verify each (docs/reference.md, Several Stripe accounts).
 *
 * <p>Without {@code STRIPE_ACCOUNTS}: every root path ({@code /}; under {@code listen} also {@code /webhook}) is the
 * one endpoint, verified by {@code STRIPE_WEBHOOK_SECRET(_ID)}, exactly as before. With it, each account has an
 * endpoint of its own, {@code <root>/<label>} (e.g. {@code /eu}), verified by that account's signing secret only and
 * tagging its events with the label; the root paths stay the default account's endpoint, untagged. The path
 * decides the account, not whichever secret happens to verify: an event of one account signed for another's
 * endpoint is a 400, never run on the wrong account.
 */
public final class WebhookEndpoints {
  private WebhookEndpoints() {}

  /**
   * @param roots the root paths, e.g. {@code /}
   * @param caching how an endpoint keeps its secrets: a {@link WebhookSecretCache} read on the first request in
   *     AWS, read at once under {@code listen} (so a missing secret stops it), and re-read alike after that
   * @throws com.subscriptionreconciler.config.ConfigurationException when {@code STRIPE_ACCOUNTS} is malformed
   */
  public static Map<String, WebhookReceiver.Endpoint> of(Environment env, SecretSource secrets, Clock clock,
      List<String> roots, Function<Supplier<List<Secret>>, WebhookSecretCache> caching) {
    List<AccountEventSettings> accounts = StripeAccounts.eventSettings(env);
    Map<String, WebhookReceiver.Endpoint> endpoints = new LinkedHashMap<>();
    if (accounts.isEmpty()) {
      return single(new WebhookVerifier(caching.apply(() -> WebhookSecrets.load(env, secrets)), clock), roots);
    }
    for (AccountEventSettings account : accounts) {
      WebhookVerifier verifier =
          new WebhookVerifier(caching.apply(() -> WebhookSecrets.load(account, env, secrets)), clock);
      for (String root : roots) {
        if (account.isDefault()) {
          endpoints.put(root, new WebhookReceiver.Endpoint(verifier, null));
        }
        endpoints.put(join(root, account.label()), new WebhookReceiver.Endpoint(verifier, account.label()));
      }
    }
    return endpoints;
  }

  /** One endpoint at each of {@code roots}, verified by {@code verifier}, untagged: a single-account receiver. */
  public static Map<String, WebhookReceiver.Endpoint> single(WebhookVerifier verifier, List<String> roots) {
    Map<String, WebhookReceiver.Endpoint> endpoints = new LinkedHashMap<>();
    roots.forEach(root -> endpoints.put(root, new WebhookReceiver.Endpoint(verifier, null)));
    return endpoints;
  }

  private static String join(String root, String label) {
    return (root.endsWith("/") ? root : root + "/") + label;
  }
}
