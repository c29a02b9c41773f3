package com.subscriptionreconciler.secrets;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.SecretSource;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a secret's string with {@code GetSecretValue}. The client is created on the first lookup, not before: a
 * local run configured with plain variables never needs AWS, and nothing opens a connection at class load.
 *
 * <p>Failures become a {@link ConfigurationException} naming the secret id and the AWS error code; the secret's
 * value is never part of any message.
 */
public final class SecretsManagerSecretSource implements SecretSource {
  private final Supplier<SecretsManagerClient> clientSupplier;
  private volatile SecretsManagerClient client;

  public SecretsManagerSecretSource(Supplier<SecretsManagerClient> clientSupplier) {
    this.clientSupplier = clientSupplier;
  }

  @Override
  public String secretString(String secretId) {
    GetSecretValueResponse response;
    try {
      response = client().getSecretValue(request -> request.secretId(secretId));
    } catch (ResourceNotFoundException e) {
      throw new ConfigurationException("Secrets Manager secret '" + secretId + "' was not found", e);
    } catch (SecretsManagerException e) {
      String code = e.awsErrorDetails() == null ? "unknown error" : e.awsErrorDetails().errorCode();
      throw new ConfigurationException(
          "Secrets Manager refused to return secret '" + secretId + "' (" + code + ")", e);
    } catch (SdkClientException e) {
      // typically no route: the function's VPC needs a NAT gateway or a Secrets Manager interface endpoint
      throw new SecretsUnavailableException("could not reach Secrets Manager to read secret '" + secretId + "'", e);
    }
    if (response.secretString() == null) {
      throw new ConfigurationException(
          "Secrets Manager secret '" + secretId + "' has no string value (binary secrets are not supported)");
    }
    return response.secretString();
  }

  private SecretsManagerClient client() {
    SecretsManagerClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current = clientSupplier.get();
          client = current;
        }
      }
    }
    return current;
  }
}
