package com.subscriptionreconciler.emulator;

import java.util.Random;
import java.util.function.Predicate;

/**
 * Stripe-style prefixed ids ({@code cus_…}, {@code sub_…}) from a seeded generator, so the same
 * seed and the same sequence of calls always produce the same ids.
 */
final class IdGenerator {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 14;

  private final Random random;

  IdGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** A fresh id with the prefix that {@code taken} does not already know. */
  synchronized String next(String prefix, Predicate<String> taken) {
    while (true) {
      char[] chars = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      String id = prefix + "_" + new String(chars);
      if (!taken.test(id)) {
        return id;
      }
    }
  }
}
