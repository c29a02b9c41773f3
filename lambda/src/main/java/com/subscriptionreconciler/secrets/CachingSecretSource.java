package com.subscriptionreconciler.secrets;

import com.subscriptionreconciler.config.Secret;
import com.subscriptionreconciler.config.SecretSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Fetches each secret once and keeps it for the life of the execution environment ("fetched once per cold
 * start", docs/reference.md, Configuration). Failed lookups are not cached, so an invocation after the secret is
 * fixed succeeds without a redeploy. Values are held as {@link Secret} so a heap dump of this map's {@code toString}
 * shows nothing. {@link #freshSecretString} reads the secret again and replaces the cached value (a rotated
 * database password).
 */
public final class CachingSecretSource implements SecretSource {
  private final SecretSource delegate;
  private final ConcurrentMap<String, Secret> cache = new ConcurrentHashMap<>();

  public CachingSecretSource(SecretSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public String secretString(String secretId) {
    return cache.computeIfAbsent(secretId, id -> Secret.of(delegate.secretString(id))).reveal();
  }

  @Override
  public String freshSecretString(String secretId) {
    Secret fresh = Secret.of(delegate.secretString(secretId));
    cache.put(secretId, fresh);
    return fresh.reveal();
  }
}
