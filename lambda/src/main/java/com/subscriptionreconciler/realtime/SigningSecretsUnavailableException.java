package com.subscriptionreconciler.realtime;

/**
 * The receiver has no signing secret to verify with (not configured, not readable, Secrets Manager unreachable):
 * answered 500 so Stripe retries once it is fixed. The message names the variable or secret id, never a value.
 */
public final class SigningSecretsUnavailableException extends RuntimeException {
  public SigningSecretsUnavailableException(String message) {
    super(message);
  }
}
