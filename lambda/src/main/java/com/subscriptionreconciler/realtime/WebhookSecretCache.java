package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's signing secrets, read from their source (Secrets Manager, or a variable) as rarely as safety
 * allows, because the receiver is public and every anonymous request must not become a Secrets Manager call:
 *
 * <ul>
 *   <li>a loaded value is kept for {@link #TTL} (5 minutes), then read again on the next request that needs it, so a
 *       secret rolled in Secrets Manager reaches warm receivers within minutes without a redeploy; if that re-read
 *       fails the old value stays in use and the read is retried after {@link #FAILURE_TTL};
 *   <li>a failed first load is remembered for {@link #FAILURE_TTL} (10 seconds): requests in that window are
 *       answered from the remembered failure, not with another call;
 *   <li>a signature that matches no cached secret may be a secret rolled a moment ago: the secrets are re-read once,
 *       at most once per {@link #MISMATCH_REFRESH_INTERVAL} (30 seconds) whatever the request rate, so a flood of
 *       badly signed requests costs at most two Secrets Manager calls a minute per execution environment.
 * </ul>
 *
 * <p>Thread-safe: the fast path reads one volatile snapshot; loads are serialised.
 */
public final class WebhookSecretCache {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSecretCache.class);

  public static final Duration TTL = Duration.ofMinutes(5);
  public static final Duration FAILURE_TTL = Duration.ofSeconds(10);
  public static final Duration MISMATCH_REFRESH_INTERVAL = Duration.ofSeconds(30);

  private final Supplier<List<Secret>> loader;
  private final Clock clock;
  private volatile State state = new State(null, null, Instant.MIN, Instant.MIN);

  /**
   * @param loader reads the secrets from their source, uncached; throws with a message that names the variable or
   *     secret id, never a value
   */
  public WebhookSecretCache(Supplier<List<Secret>> loader, Clock clock) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The secrets read now, so a missing one fails the caller at once with the loader's own message ({@code listen}
   * refuses to start), then kept and re-read exactly as a cache built empty would: a secret rolled while {@code
   * listen} runs reaches it within {@link #TTL}, or at the first request it signs after
   * {@link #MISMATCH_REFRESH_INTERVAL}.
   */
  public static WebhookSecretCache readNow(Supplier<List<Secret>> loader, Clock clock) {
    WebhookSecretCache cache = new WebhookSecretCache(loader, clock);
    Instant now = clock.instant();
    cache.state = new State(List.copyOf(loader.get()), null, now, now.plus(TTL));
    return cache;
  }

  /** Secrets that never change (tests, a verifier built from given values): nothing is ever re-read. */
  public static WebhookSecretCache fixed(List<Secret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook signing secret is needed");
    }
    List<Secret> copy = List.copyOf(secrets);
    return new WebhookSecretCache(() -> copy, Clock.systemUTC());
  }

  /**
   * @param secrets the last good value, null before the first successful load
   * @param failure the last load's failure message, null when it succeeded
   * @param loadedAt when the last load was attempted
   * @param nextLoad when the next load may be attempted by {@link #current()}
   */
  private record State(List<Secret> secrets, String failure, Instant loadedAt, Instant nextLoad) {}

  /**
   * The secrets to verify with.
   *
   * @throws SigningSecretsUnavailableException when none could be loaded (remembered for {@link #FAILURE_TTL})
   */
  public List<Secret> current() {
    State snapshot = state;
    if (clock.instant().isBefore(snapshot.nextLoad())) {
      return valueOf(snapshot);
    }
    synchronized (this) {
      if (clock.instant().isBefore(state.nextLoad())) {
        return valueOf(state);
      }
      return valueOf(load());
    }
  }

  /**
   * After a signature matched none of {@link #current()}: the secrets read again, if the last read is older than
   * {@link #MISMATCH_REFRESH_INTERVAL} and the value changed; otherwise empty (nothing new to try).
   */
  public Optional<List<Secret>> refreshedAfterMismatch() {
    synchronized (this) {
      State before = state;
      if (clock.instant().isBefore(before.loadedAt().plus(MISMATCH_REFRESH_INTERVAL))) {
        return Optional.empty();
      }
      State after = load();
      return after.secrets() != null && !after.secrets().equals(before.secrets())
          ? Optional.of(after.secrets())
          : Optional.empty();
    }
  }

  private State load() {
    Instant now = clock.instant();
    State previous = state;
    State next;
    try {
      next = new State(List.copyOf(loader.get()), null, now, now.plus(TTL));
    } catch (RuntimeException e) {
      // the messages of configuration and Secrets Manager failures name the variable or secret id, never a value
      String message = e.getMessage();
      if (previous.secrets() != null) {
        LOG.warn("Could not re-read the webhook signing secret; still using the one read before: {}", message);
      }
      next = new State(previous.secrets(), message, now, now.plus(FAILURE_TTL));
    }
    state = next;
    return next;
  }

  private static List<Secret> valueOf(State state) {
    if (state.secrets() == null) {
      throw new SigningSecretsUnavailableException(state.failure());
    }
    return state.secrets();
  }
}
