package com.subscriptionreconciler.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function artifact contains only what the function runs (docs/packaging.md). Runs in the {@code verify}
 * phase (failsafe) on the jar the build has just shaded, so a shade filter that lets the CLI, the demo or the
 * embedded database back in fails the build rather than a cold start.
 */
class LambdaArtifactIT {
  private static final Path JAR =
      Path.of(System.getProperty("lambda.jar", "target/subscription-reconciler-lambda.jar"));

  /** Code that only the CLI jar runs, and the libraries the function must not carry. */
  private static final List<String> NOT_IN_THE_FUNCTION = List.of(
      "com/subscriptionreconciler/cli/",
      "com/subscriptionreconciler/demo/",
      "com/subscriptionreconciler/db/EmbeddedMariaDb",
      "com/subscriptionreconciler/emulator/",
      "log4j2-cli.xml",
      "ch/vorburger/",
      "picocli/",
      "io/netty/",
      "org/apache/http/",
      "com/google/protobuf/");

  private static List<String> entries;

  @BeforeAll
  static void readTheJar() throws IOException {
    assertThat(JAR).as("run `./mvnw verify` (or package first): the check reads the built jar").exists();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void holdsTheHandlerItsLoggingAndTheMigrations() {
    assertThat(entries).contains(
        "com/subscriptionreconciler/lambda/ReconcilerHandler.class",
        "com/subscriptionreconciler/lambda/WebhookReceiverHandler.class",
        "com/subscriptionreconciler/lambda/LocalInvoke.class",
        "log4j2.xml",
        "db/migration/V1__billing_tables.sql");
  }

  @Test
  void holdsNoneOfTheCliTheDemoOrTheirLibraries() {
    assertThat(entries)
        .filteredOn(entry -> NOT_IN_THE_FUNCTION.stream().anyMatch(entry::startsWith))
        .as("entries the function never runs")
        .isEmpty();
  }

  /**
   * The stronger form of the check above: jdeps reads every class of ours in the jar and names each class it
   * references that the jar does not hold. A class whose library was left out would fail only when loaded.
   */
  @Test
  void everyClassOfOursFindsWhatItReferencesInTheJar() throws IOException {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("a JDK has jdeps"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err),
        "-verbose:class",
        "--multi-release", String.valueOf(Runtime.version().feature()),
        "-include", "com\\.subscriptionreconciler\\..*",
        JAR.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).as("jdeps analysed our classes")
        .contains("com.subscriptionreconciler.lambda.ReconcilerHandler");
    List<String> unresolved = out.toString().lines()
        .map(String::strip)
        .filter(line -> line.startsWith("com.subscriptionreconciler.") && line.endsWith("not found"))
        .toList();
    assertThat(unresolved).as("references to classes missing from " + JAR.getFileName()).isEmpty();
    assertThat(Files.size(JAR)).as("a shaded jar, not a thin one").isGreaterThan(10L * 1024 * 1024);
  }
}
