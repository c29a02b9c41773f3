package com.subscriptionreconciler.realtime;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test requests the way Stripe documents it (HMAC-SHA256 of {@code "<t>.<body>"}, hex, in
 * {@code t=…,v1=…}), computed here with the JDK's own Mac rather than the library the receiver uses, so a wrong
 * verification could not agree with a wrong signature.
 */
public final class StripeSignatures {
  private StripeSignatures() {}

  public static String v1(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String header(String secret, long timestamp, String body) {
    return "t=" + timestamp + ",v1=" + v1(secret, timestamp, body);
  }
}
