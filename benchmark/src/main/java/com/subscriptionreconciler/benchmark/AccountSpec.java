package com.subscriptionreconciler.benchmark;

import com.subscriptionreconciler.emulator.AccountGenerator;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.StripeEmulator;

/**
 * Which generated account a benchmark size uses. The emulator process and the seeding process each build it
 * from these three numbers; {@link AccountGenerator} is deterministic in (size, seed, clock), ids included, so
 * both get the same account without shipping it between processes.
 */
record AccountSpec(int subscriptions, long seed, long nowEpochSecond) {
  /** A live-mode key the emulator accepts besides its sandbox key, so it applies the live limits. */
  static final String LIVE_KEY = "sk_live_fake_benchmark";

  /** An emulator (HTTP server on an ephemeral port) holding the generated account; no latency or limits yet. */
  StripeEmulator start() {
    StripeEmulator emulator =
        StripeEmulator.start(EmulatorOptions.defaults().withSeed(seed).withClockStart(nowEpochSecond)
            .withExtraApiKeys(java.util.Set.of(LIVE_KEY)));
    AccountGenerator.generate(emulator.account(), subscriptions, seed);
    return emulator;
  }

  String[] asArgs() {
    return new String[] {"--subscriptions", Integer.toString(subscriptions), "--seed", Long.toString(seed),
        "--now", Long.toString(nowEpochSecond)};
  }

  static AccountSpec from(Args args) {
    return new AccountSpec(
        (int) args.longOf("subscriptions", 0), args.longOf("seed", 7), Long.parseLong(args.require("now")));
  }
}
