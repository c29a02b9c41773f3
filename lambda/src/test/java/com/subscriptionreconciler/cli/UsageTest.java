package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/reference.md, CLI commands: a malformed command line exits 2 with what is wrong and the usage, and runs
 * nothing.
 */
class UsageTest {
  private final Cli cli = new Cli();

  /** A complete configuration, so a usage error cannot be confused with a configuration one. */
  private static Map<String, String> configured() {
    Map<String, String> env = new HashMap<>();
    env.put("JDBC_URL", "jdbc:mysql://db.invalid:3306/billing");
    env.put("DB_USER", "reconciler");
    env.put("STRIPE_SECRET_KEY", "sk_test_usage");
    return env;
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {}, "missing command: one of reconcile, migrate, doctor, runs, show, rollback, demo"),
        Arguments.of(new String[] {"frobnicate"}, "Unmatched argument at index 0: 'frobnicate'"),
        Arguments.of(new String[] {"reconcile", "--bogus"}, "Unknown option: '--bogus'"),
        Arguments.of(new String[] {"reconcile", "extra"}, "Unmatched argument at index 1: 'extra'"),
        Arguments.of(new String[] {"reconcile", "--mode", "sideways"},
            "unknown mode 'sideways' (expected full or incremental)"),
        Arguments.of(new String[] {"reconcile", "--mode", "FULL"}, "unknown mode 'FULL'"),
        Arguments.of(new String[] {"reconcile", "--mode"}, "Missing required parameter for option '--mode'"),
        Arguments.of(new String[] {"reconcile", "--organization", "acme"},
            "'acme' is not an organization id (a positive integer)"),
        Arguments.of(new String[] {"reconcile", "--organization", "0"}, "'0' is not an organization id"),
        Arguments.of(new String[] {"reconcile", "--organization", "-4"}, "'-4' is not an organization id"),
        Arguments.of(new String[] {"reconcile", "--organization", "1,x"}, "'x' is not an organization id"),
        Arguments.of(new String[] {"reconcile", "--customer", "acme"},
            "'acme' is not a Stripe customer id (expected cus_ or acct_ followed by letters and digits)"),
        Arguments.of(new String[] {"reconcile", "--customer", "acct_"},
            "'acct_' is not a Stripe customer id (expected cus_ or acct_ followed by letters and digits)"),
        Arguments.of(new String[] {"reconcile", "--customer", "cus_"}, "'cus_' is not a Stripe customer id"),
        Arguments.of(new String[] {"reconcile", "--subscription", "cus_123"},
            "'cus_123' is not a Stripe subscription id (expected sub_ followed by letters and digits)"),
        Arguments.of(new String[] {"reconcile", "--format", "csv"}, "expected one of text, json but was 'csv'"),
        Arguments.of(new String[] {"reconcile", "--dry-run=maybe"}, "Invalid value for option '--dry-run'"),
        Arguments.of(new String[] {"show"}, "Missing required parameter: 'RUN_ID'"),
        Arguments.of(new String[] {"show", "run_1", "--format", "yaml"},
            "expected one of text, json, csv but was 'yaml'"),
        Arguments.of(new String[] {"rollback"}, "Missing required parameter: 'RUN_ID'"),
        Arguments.of(new String[] {"rollback", "run_1", "--format", "csv"}, "expected one of text, json but was 'csv'"),
        Arguments.of(new String[] {"runs", "--limit", "many"}, "Invalid value for option '--limit'"),
        Arguments.of(new String[] {"runs", "--limit", "0"}, "--limit must be between 1 and 10000, was 0"),
        Arguments.of(new String[] {"migrate", "--now"}, "Unknown option: '--now'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("usageErrors")
  void malformedCommandLinesExitTwoWithTheReasonAndTheUsage(String[] args, String message) {
    Cli.Result result = cli.run(configured(), args);

    assertThat(result.exit()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("error: ").contains(message).contains("Usage: subscription-reconciler");
    assertThat(result.out()).isEmpty();
    assertThat(cli.configs).as("nothing may be configured or run").isEmpty();
    assertThat(cli.rollbacks).isEmpty();
  }

  @Test
  void theUsageShownIsTheSubcommandsOwn() {
    Cli.Result result = cli.run(configured(), "reconcile", "--customer", "acme");

    assertThat(result.err()).contains("Usage: subscription-reconciler reconcile")
        .contains("--customer=cus_…").contains("--subscription=sub_…").contains("--mode=full|incremental");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    Cli.Result result = cli.run(configured(), "reconcil");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Did you mean: subscription-reconciler reconcile");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodesOnStdout() {
    Cli.Result result = cli.run(Map.of(), "--help");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("Usage: subscription-reconciler")
        .contains("reconcile", "migrate", "runs", "show", "rollback", "demo")
        .contains("Exit codes:", "3   a dry run found drift", "5   aborted by the safety guard")
        .contains("emulator");
    assertThat(result.err()).isEmpty();
  }

  /**
   * The top-level help shows the first line of each command's description: it must be a whole sentence, not the
   * first line of a paragraph cut where the source code wrapped it.
   */
  @Test
  void topLevelHelpSummarisesEachCommandInWholeSentences() {
    String help = cli.run(Map.of(), "--help").out();

    Map<String, String> summaries = new java.util.LinkedHashMap<>();
    String current = null;
    for (String line : help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
        .takeWhile(l -> !l.isBlank()).toList()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  (\\w+)\\s+(.*)$").matcher(line);
      if (m.matches()) {
        current = m.group(1);
        summaries.put(current, m.group(2).strip());
      } else {
        summaries.merge(current, " " + line.strip(), String::concat);
      }
    }

    assertThat(summaries).containsKeys("reconcile", "migrate", "doctor", "emulator");
    summaries.forEach((command, summary) -> assertThat(summary).as(command).endsWith("."));
    assertThat(summaries.get("doctor")).contains("changes nothing");
  }

  /** The help is where runbooks look the numbers up: it must list every code the CLI returns, and only those. */
  @Test
  void helpsExitCodeTableIsExactlyTheExitCodeEnum() {
    String help = cli.run(Map.of(), "--help").out();

    TreeMap<Integer, String> table = new TreeMap<>();
    help.lines()
        .dropWhile(line -> !line.equals("Exit codes:"))
        .skip(1)
        .takeWhile(line -> !line.isBlank())
        .map(String::strip)
        .forEach(line -> {
          if (line.matches("\\d+\\s.*")) {
            String[] cells = line.split("\\s+", 2);
            table.put(Integer.parseInt(cells[0]), cells[1]);
          } else { // picocli wraps a long meaning onto the next line
            table.merge(table.lastKey(), " " + line, String::concat);
          }
        });

    assertThat(table.keySet()).containsExactlyElementsOf(
        Arrays.stream(ExitCode.values()).map(ExitCode::code).sorted().toList());
    assertThat(table.get(ExitCode.USAGE.code())).contains("configuration", "unknown run id");
    assertThat(table.get(ExitCode.ABORTED.code())).contains("safety guard", "lock", "nothing applied");
    assertThat(table.get(ExitCode.PARTIAL.code())).contains("per-item errors");
  }

  @Test
  void subcommandHelpNeedsNoConfiguration() {
    Cli.Result result = cli.run(Map.of(), "show", "--help");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("Usage: subscription-reconciler show").contains("text|json|csv");
  }

  @Test
  void versionPrintsTheProductName() {
    Cli.Result result = cli.run(Map.of(), "--version");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("subscription-reconciler ");
  }
}
