package com.subscriptionreconciler.secrets;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the Secrets Manager client from the injected {@link Environment}.
 *
 * <p>SDK 2.57 would read {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}/{@code AWS_ENDPOINT_URL}
 * and the credential variables from the process environment on its own. We resolve them from the injected
 * environment instead, with the same names and precedence: in Lambda that environment <em>is</em> the process
 * environment (same behaviour), and tests and LocalStack runs can point the client somewhere without mutating the
 * JVM's environment. The URLConnection HTTP client is used because it starts faster than Apache/Netty and a
 * weekly job makes one or two calls.
 */
public final class SecretsManagerClientFactory {
  private SecretsManagerClientFactory() {}

  public static SecretsManagerClient create(Environment env) {
    Region region = env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION")).map(Region::of).orElseThrow(
        () -> new ConfigurationException("AWS_REGION is not set; it is needed to read *_SECRET_ID secrets"));
    var builder = SecretsManagerClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region)
        .credentialsProvider(credentials(env));
    endpoint(env).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static Optional<URI> endpoint(Environment env) {
    Optional<String> value = env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER").or(() -> env.get("AWS_ENDPOINT_URL"));
    return value.map(url -> {
      try {
        return URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL is not a valid URL");
      }
    });
  }

  /** Static credentials from the injected environment when set, else the SDK's default chain (shared by every client). */
  public static AwsCredentialsProvider credentials(Environment env) {
    Optional<String> accessKey = env.get("AWS_ACCESS_KEY_ID");
    Optional<String> secretKey = env.get("AWS_SECRET_ACCESS_KEY");
    if (accessKey.isEmpty() || secretKey.isEmpty()) {
      // profiles, container/instance roles: let the SDK's chain find them
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(env.get("AWS_SESSION_TOKEN")
        .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
            token -> AwsSessionCredentials.create(accessKey.get(), secretKey.get(), token))
        .orElseGet(() -> AwsBasicCredentials.create(accessKey.get(), secretKey.get())));
  }
}
