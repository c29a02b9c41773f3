package com.subscriptionreconciler.realtime;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code Stripe-Signature} header, read without trusting it: {@code t=<Unix seconds>,v1=<64 hex digits>[,v1=…]}
 * (Stripe sends one {@code v1} per active signing secret while a secret is rolled; {@code v0} and other schemes
 * are ignored). Anything else is a {@link RejectedRequestException} naming what is wrong, never a parsing crash:
 * the header comes from anonymous requests.
 *
 * @param timestamp the signed Unix time
 * @param signatures the {@code v1} HMACs, decoded (32 bytes each)
 */
record SignatureHeader(long timestamp, List<byte[]> signatures) {
  /** Far above Stripe's own headers (one timestamp, a few signatures), low enough to bound the work per request. */
  static final int MAX_LENGTH = 1024;
  private static final int HMAC_HEX_LENGTH = 64;
  private static final String FORMAT = " (expected t=<Unix seconds>,v1=<64 hex digits>)";

  SignatureHeader {
    signatures = List.copyOf(signatures);
  }

  static SignatureHeader parse(String header) {
    if (header == null || header.isBlank()) {
      throw new RejectedRequestException("no Stripe-Signature header");
    }
    if (header.length() > MAX_LENGTH) {
      throw new RejectedRequestException("Stripe-Signature is longer than " + MAX_LENGTH + " characters");
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String element : header.split(",")) {
      int equals = element.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = element.substring(0, equals).trim();
      String value = element.substring(equals + 1).trim();
      if (key.equals("t")) {
        timestamp = seconds(value);
      } else if (key.equals("v1")) {
        signatures.add(hmac(value));
      }
    }
    if (timestamp == null) {
      throw new RejectedRequestException("Stripe-Signature has no timestamp" + FORMAT);
    }
    if (signatures.isEmpty()) {
      throw new RejectedRequestException("Stripe-Signature has no v1 signature" + FORMAT);
    }
    return new SignatureHeader(timestamp, signatures);
  }

  private static long seconds(String value) {
    // at most 12 digits: Unix seconds for the next 30,000 years, and never a NumberFormatException
    if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RejectedRequestException("Stripe-Signature timestamp is not Unix seconds" + FORMAT);
    }
    return Long.parseLong(value);
  }

  private static byte[] hmac(String value) {
    if (value.length() != HMAC_HEX_LENGTH || !value.chars().allMatch(HexFormat::isHexDigit)) {
      throw new RejectedRequestException("Stripe-Signature v1 is not 64 hex digits" + FORMAT);
    }
    return HexFormat.of().parseHex(value);
  }
}
