package com.subscriptionreconciler.emulator;

import java.time.Instant;
import java.util.Set;

/**
 * How to start an emulator.
 *
 * @param port 0 for an ephemeral port
 * @param apiKey the secret key clients must send (Bearer)
 * @param extraApiKeys further accepted keys, e.g. a restricted {@code rk_test_…} key
 * @param threads server worker threads (concurrent requests being served; latency does not hold them)
 * @param seed seeds ids and the fault knobs' randomness
 * @param clockStart the account clock's start (Unix seconds)
 */
public record EmulatorOptions(
    int port, String apiKey, Set<String> extraApiKeys, int threads, long seed, long clockStart) {

  public static final String DEFAULT_API_KEY = "sk_test_emulator";

  public EmulatorOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    extraApiKeys = Set.copyOf(extraApiKeys);
  }

  /** Ephemeral port, {@value #DEFAULT_API_KEY}, 24 threads, seed 42, clock = wall clock now. */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions(0, DEFAULT_API_KEY, Set.of(), 24, 42, Instant.now().getEpochSecond());
  }

  public EmulatorOptions withPort(int newPort) {
    return new EmulatorOptions(newPort, apiKey, extraApiKeys, threads, seed, clockStart);
  }

  public EmulatorOptions withApiKey(String newKey) {
    return new EmulatorOptions(port, newKey, extraApiKeys, threads, seed, clockStart);
  }

  public EmulatorOptions withExtraApiKeys(Set<String> keys) {
    return new EmulatorOptions(port, apiKey, keys, threads, seed, clockStart);
  }

  public EmulatorOptions withThreads(int newThreads) {
    return new EmulatorOptions(port, apiKey, extraApiKeys, newThreads, seed, clockStart);
  }

  public EmulatorOptions withSeed(long newSeed) {
    return new EmulatorOptions(port, apiKey, extraApiKeys, threads, newSeed, clockStart);
  }

  public EmulatorOptions withClockStart(long epochSecond) {
    return new EmulatorOptions(port, apiKey, extraApiKeys, threads, seed, epochSecond);
  }
}
