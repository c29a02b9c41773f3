package com.subscriptionreconciler.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one account of {@code STRIPE_ACCOUNTS} sends its real-time events from (docs/reference.md, Several Stripe
 * accounts): the signing secret of its own webhook endpoint, given directly ({@code webhookSecret}) or as a Secrets
 * Manager secret id ({@code webhookSecretId}), and the name of its EventBridge partner event source
 * ({@code eventSource}). Read without any Stripe key, so the public webhook receiver can hold it.
 */
public record AccountEventSettings(
    String label, boolean isDefault, Optional<Secret> webhookSecret, Optional<String> webhookSecretId,
    Optional<String> eventSource) {
  public AccountEventSettings {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    Objects.requireNonNull(webhookSecretId, "webhookSecretId");
    Objects.requireNonNull(eventSource, "eventSource");
  }
}
