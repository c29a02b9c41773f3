package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.JdbcUrlCredentials;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.failure.ActionableFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an exception that escaped a command into one line on stderr and an exit code. A stack trace is printed
 * only with {@code LOG_LEVEL=DEBUG} (or {@code TRACE}): an operator's terminal or CI log is not the place for one,
 * and a trace is where a secret embedded in some driver's message would hide.
 *
 * <p>Messages are secret-free by construction (configuration and secrets code never put a value in one), but a
 * third-party message (JDBC driver, HTTP client) is not under our control, so the secrets this process was given
 * directly in its environment are masked in everything printed here as a second line of defence.
 */
final class FailureReporter {
  private static final List<String> SECRET_VARIABLES = List.of("STRIPE_SECRET_KEY", "DB_PASSWORD", "STRIPE_WEBHOOK_SECRET");
  private static final int MIN_MASKED_LENGTH = 4;

  private final Environment env;
  private final PrintWriter err;

  FailureReporter(Environment env, PrintWriter err) {
    this.env = env;
    this.err = err;
  }

  int report(Throwable failure) {
    if (failure instanceof UnknownRunException) {
      err.println("error: " + mask(failure.getMessage()));
      err.flush();
      return ExitCode.USAGE.code();
    }
    if (failure instanceof ConfigurationException) {
      err.println("configuration error: " + mask(failure.getMessage()));
      err.flush();
      return ExitCode.USAGE.code();
    }
    Optional<ActionableFailure> actionable = ActionableFailure.in(failure);
    if (actionable.isPresent()) {
      err.println("error: " + mask(actionable.get().detail()));
      err.println("fix: " + actionable.get().fix());
    } else {
      err.println("error: " + oneLine(failure));
    }
    if (debug()) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      err.print(mask(trace.toString()));
    }
    err.flush();
    return ExitCode.FAILED.code();
  }

  /** The failure and, when it only wraps another, the root cause: "could not open pool: connection refused". */
  private String oneLine(Throwable failure) {
    String message = describe(failure);
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    // a wrapper that already quotes its cause ("Failed to initialize pool: Access denied …") says it once
    if (root != failure && !message.contains(describe(root))) {
      message = message + " (caused by " + describe(root) + ")";
    }
    return mask(message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private boolean debug() {
    Optional<String> level = env.get("LOG_LEVEL").map(v -> v.toUpperCase(Locale.ROOT));
    return level.filter(v -> v.equals("DEBUG") || v.equals("TRACE")).isPresent();
  }

  private String mask(String text) {
    String masked = text == null ? "" : text;
    for (String variable : SECRET_VARIABLES) {
      Optional<String> secret = env.get(variable);
      if (secret.isPresent() && secret.get().length() >= MIN_MASKED_LENGTH) {
        masked = masked.replace(secret.get(), "****");
      }
    }
    return JdbcUrlCredentials.redact(masked);
  }
}
