package com.subscriptionreconciler.config;

/**
 * Checks that a value looks like a Stripe secret ({@code sk_}) or restricted ({@code rk_}) key, without ever
 * putting the value in the message. A publishable key ({@code pk_}) or a pasted JSON blob fails here, at start-up,
 * rather than as a 401 half-way through a run.
 */
final class StripeKeyShape {
  private StripeKeyShape() {}

  static Secret check(String key, String source) {
    String trimmed = key.trim();
    boolean prefixOk = trimmed.startsWith("sk_") || trimmed.startsWith("rk_");
    boolean bodyOk = trimmed.length() > 3 && trimmed.chars().noneMatch(Character::isWhitespace);
    if (!prefixOk || !bodyOk) {
      throw new ConfigurationException(
          source + " does not look like a Stripe secret key (expected a single value starting with sk_ or rk_)");
    }
    return Secret.of(trimmed);
  }
}
