package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.Secret;

/**
 * Whether the configured Stripe key is a live or a test key, from its prefix ({@code sk_live_}, {@code rk_test_}
 * …). An event of the other mode names objects this key cannot see: reconciling them would read
 * {@code resource_missing} and archive rows, so such events are skipped.
 */
public final class KeyMode {
  private KeyMode() {}

  /** @return true live, false test, null when the prefix does not say (then events are not checked) */
  public static Boolean livemodeOf(Secret key) {
    String value = key.reveal();
    if (value.startsWith("sk_live_") || value.startsWith("rk_live_")) {
      return Boolean.TRUE;
    }
    if (value.startsWith("sk_test_") || value.startsWith("rk_test_")) {
      return Boolean.FALSE;
    }
    return null;
  }
}
