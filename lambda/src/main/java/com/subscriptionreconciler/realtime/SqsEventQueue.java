package com.subscriptionreconciler.realtime;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.secrets.SecretsManagerClientFactory;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends the receiver's compact messages to the real-time queue ({@code EVENT_QUEUE_URL}, set by the stack). The
 * client is built like the Secrets Manager one: region, credentials and {@code AWS_ENDPOINT_URL_SQS} /
 * {@code AWS_ENDPOINT_URL} from the injected environment, URLConnection transport.
 */
public final class SqsEventQueue implements EventQueue {
  public static final String QUEUE_URL_VARIABLE = "EVENT_QUEUE_URL";

  private final SqsClient client;
  private final String queueUrl;

  public SqsEventQueue(SqsClient client, String queueUrl) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  public static SqsEventQueue fromEnvironment(Environment env) {
    String queueUrl = env.get(QUEUE_URL_VARIABLE)
        .orElseThrow(() -> new ConfigurationException(QUEUE_URL_VARIABLE + " is not set: the receiver needs the queue"));
    return new SqsEventQueue(client(env), queueUrl);
  }

  static SqsClient client(Environment env) {
    Region region = env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION")).map(Region::of).orElseThrow(
        () -> new ConfigurationException("AWS_REGION is not set; it is needed to reach the event queue"));
    var builder = SqsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region)
        .credentialsProvider(SecretsManagerClientFactory.credentials(env));
    endpoint(env).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static Optional<URI> endpoint(Environment env) {
    return env.get("AWS_ENDPOINT_URL_SQS").or(() -> env.get("AWS_ENDPOINT_URL")).map(url -> {
      try {
        return URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL is not a valid URL");
      }
    });
  }

  @Override
  public void send(EventReference event) {
    try {
      client.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl).messageBody(QueueMessages.write(event)).build());
    } catch (SdkException e) {
      throw new EventQueueException("SQS SendMessage failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
