package com.subscriptionreconciler.infrastructure;

import com.subscriptionreconciler.db.EmbeddedMariaDb;
import com.subscriptionreconciler.emulator.EmulatorOptions;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.FakeSecretsManager;
import com.subscriptionreconciler.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local stand-ins a synthesized function runs against, for a test class that registers this as a static
 * extension: one embedded MariaDB per class that serves TLS with its own certificate authority (as RDS does), and
 * per test a fresh Stripe emulator opened by {@code stripeKey} and a fresh local Secrets Manager.
 */
final class LocalParts implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final String stripeKey;
  private Path certificates;
  private EmbeddedMariaDb database;
  private StripeEmulator emulator;
  private FakeSecretsManager secretsManager;

  LocalParts(String stripeKey) {
    this.stripeKey = stripeKey;
  }

  EmbeddedMariaDb database() {
    return database;
  }

  StripeEmulator emulator() {
    return emulator;
  }

  FakeSecretsManager secretsManager() {
    return secretsManager;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    certificates = Files.createTempDirectory("rds-certificates");
    database = EmbeddedMariaDb.start(TestCertificates.generate(certificates, "rds").serverArguments());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withApiKey(stripeKey));
    secretsManager = FakeSecretsManager.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    emulator.close();
    secretsManager.close();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (database != null) {
      database.close();
    }
    try (Stream<Path> files = Files.walk(certificates)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
