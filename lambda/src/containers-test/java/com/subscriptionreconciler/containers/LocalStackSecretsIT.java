package com.subscriptionreconciler.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.secrets.CachingSecretSource;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import com.subscriptionreconciler.secrets.SecretsManagerSecretSource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The configuration's secrets read from Secrets Manager on LocalStack, through the product's own client factory,
 * exactly as the Lambda reads them in AWS. The image is pinned: LocalStack's {@code latest} needs an auth token.
 */
class LocalStackSecretsIT {
  static final String IMAGE = "localstack/localstack:4.14.0";
  static LocalStackContainer localstack;

  @BeforeAll
  static void start() {
    localstack = new LocalStackContainer(DockerImageName.parse(IMAGE)).withServices(Service.SECRETSMANAGER);
    localstack.start();
  }

  @AfterAll
  static void stop() {
    localstack.stop();
  }

  @Test
  void stripeKeyAndRdsShapedDatabaseSecretResolveThroughTheProductsClient() {
    URI endpoint = localstack.getEndpointOverride(Service.SECRETSMANAGER);
    try (SecretsManagerClient admin = SecretsManagerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(localstack.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
        .build()) {
      admin.createSecret(b -> b.name("prod/stripe").secretString("{\"STRIPE_SECRET_KEY\":\"rk_live_fake_containers\"}"));
      admin.createSecret(b -> b.name("prod/db").secretString("{\"host\":\"db.internal\",\"port\":3306,"
          + "\"username\":\"reconciler\",\"password\":\"pw-containers\",\"dbname\":\"billing\"}"));
    }
    Environment env = Environment.of(Map.of(
        "AWS_REGION", localstack.getRegion(),
        "AWS_ENDPOINT_URL", endpoint.toString(),
        "AWS_ACCESS_KEY_ID", localstack.getAccessKey(),
        "AWS_SECRET_ACCESS_KEY", localstack.getSecretKey(),
        "STRIPE_SECRET_ID", "prod/stripe",
        "DB_SECRET_ID", "prod/db"));

    ReconcilerConfig config = ReconcilerConfig.load(env,
        new CachingSecretSource(new SecretsManagerSecretSource(() -> SecretsManagerClientFactory.create(env))));

    assertThat(config.stripe().apiKey().reveal()).isEqualTo("rk_live_fake_containers");
    assertThat(config.database().jdbcUrl()).startsWith("jdbc:mysql://db.internal:3306/billing");
    assertThat(config.database().user()).isEqualTo("reconciler");
  }
}
