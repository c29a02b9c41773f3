package com.subscriptionreconciler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the Maven version, read from the {@code pom.properties} the jar plugin puts in every jar (the
 * shaded CLI jar keeps it). Run from classes (tests, IDE) there is none, and it says so instead of guessing.
 */
final class VersionProvider implements IVersionProvider {
  static final String POM_PROPERTIES =
      "/META-INF/maven/com.subscriptionreconciler/subscription-reconciler/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"subscription-reconciler " + version(), "Java " + System.getProperty("java.version")};
  }

  private static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through: a version string is not worth failing --version for
    }
    return "(development build)";
  }
}
