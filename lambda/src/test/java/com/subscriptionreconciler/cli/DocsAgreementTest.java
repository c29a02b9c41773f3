package com.subscriptionreconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README.md and docs/reference.md against the code and each other. The code side is read from the code itself: the
 * commands and options from the picocli spec {@link Main} builds, the exit codes from {@link ExitCode}, and the
 * environment variables from every read of an {@link Environment} in the main sources. A variable, command, flag or
 * exit code the docs name and the code lacks fails, and so does one the code has and docs/reference.md does not
 * document; so does a requirement (JDK, Node.js) stated differently in README.md, docs/reference.md and
 * infrastructure/README.md.
 */
class DocsAgreementTest {
  private static final Path ROOT = repositoryRoot();
  private static final String REFERENCE = read("docs/reference.md");
  private static final String README = read("README.md");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
  private static final Pattern TICKED_ENV_NAME = Pattern.compile("`(" + ENV_NAME.pattern() + ")`");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

  private final CommandLine cli = Main.commandLine(new CliContext(Environment.of(Map.of()),
      new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null, CliSeams.defaults()));

  @Test
  void referenceDocumentsExactlyTheCommandsAndFlagsMainRegisters() {
    Map<String, String> rows = commandRows(section(REFERENCE, "## CLI commands"));

    assertThat(rows.keySet()).as("commands in docs/reference.md, CLI commands")
        .containsExactlyInAnyOrderElementsOf(cli.getSubcommands().keySet());
    rows.forEach((command, row) -> assertThat(flagsIn(row)).as("flags of " + command + " in docs/reference.md")
        .containsExactlyInAnyOrderElementsOf(flagsOf(command)));
  }

  @Test
  void readmeNamesOnlyCommandsAndFlagsThatExist() {
    Map<String, String> rows = commandRows(section(README, "## CLI"));

    assertThat(cli.getSubcommands().keySet()).as("README's CLI table lists commands Main registers")
        .containsAll(rows.keySet());
    rows.forEach((command, row) -> assertThat(flagsOf(command)).as("flags of " + command + " in README.md")
        .containsAll(flagsIn(row)));
  }

  @Test
  void bothExitCodeTablesAreExactlyTheExitCodeEnum() {
    Set<Integer> codes = Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet());

    assertThat(exitCodes(section(REFERENCE, "## Exit codes"))).as("docs/reference.md").isEqualTo(codes);
    assertThat(exitCodes(section(README, "## CLI"))).as("README.md").isEqualTo(codes);
  }

  @Test
  void everyVariableTheCodeReadsIsDocumentedAndEveryDocumentedOneIsRead() {
    Set<String> read = variablesTheCodeReads();
    Set<String> referenced = matches(TICKED_ENV_NAME, REFERENCE);

    assertThat(read).as("found in the code").contains("JDBC_URL", "LOG_LEVEL", "MIGRATE_ON_START");
    assertThat(referenced).as("variables the code reads, documented in docs/reference.md").containsAll(read);
    Set<String> documentedButUnread = new TreeSet<>(variableRows(REFERENCE));
    documentedButUnread.removeAll(read);
    assertThat(documentedButUnread).as("variables in docs/reference.md's tables that nothing reads").isEmpty();
    Set<String> inReadme = variableRows(section(README, "## Configuration"));
    assertThat(read).as("README's configuration table names only variables the code reads").containsAll(inReadme);
  }

  @Test
  void requirementsAreStatedTheSameEverywhere() {
    List<String> docs = List.of(README, REFERENCE, read("infrastructure/README.md"));
    Set<String> jdk = docs.stream().flatMap(d -> matches(Pattern.compile("JDK (\\d+)"), d, 1).stream())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> node = docs.stream()
        .flatMap(d -> matches(Pattern.compile("Node\\.js (\\d+(?:\\+| or newer| or \\d+)?)"), d, 1).stream())
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(jdk).as("JDK versions required").containsExactly("17");
    assertThat(node).as("Node.js versions required").hasSize(1);
    assertThat(section(README, "## Quick start")).as("README's requirements name cfn-lint for verify")
        .contains("cfn-lint");
  }

  /**
   * Every name passed to an {@link Environment} read in the main sources: a string literal on the line of an
   * {@code env.…(} call or a {@code flag(env, …)}-style helper, or a {@code String} constant used there, resolved in
   * its class.
   */
  static Set<String> variablesTheCodeReads() {
    Map<String, String> constants = new LinkedHashMap<>();
    Pattern constant = Pattern.compile("static final String (\\w+) = \"(" + ENV_NAME.pattern() + ")\";");
    List<Path> sources = mainSources();
    for (Path source : sources) {
      String className = source.getFileName().toString().replace(".java", "");
      Matcher m = constant.matcher(read(source));
      while (m.find()) {
        constants.put(className + "." + m.group(1), m.group(2));
      }
    }
    Pattern envLine = Pattern.compile("\\benv\\b[.,]|\\(env, ");
    Pattern literal = Pattern.compile("\"(" + ENV_NAME.pattern() + ")\"");
    Pattern reference = Pattern.compile("\\b(?:([A-Z]\\w*)\\.)?([A-Z][A-Z0-9_]+)\\b");
    Set<String> read = new TreeSet<>();
    for (Path source : sources) {
      String className = source.getFileName().toString().replace(".java", "");
      for (String line : read(source).lines().filter(l -> envLine.matcher(l).find()).toList()) {
        read.addAll(matches(literal, line, 1));
        Matcher r = reference.matcher(line);
        while (r.find()) {
          String owner = r.group(1) == null ? className : r.group(1);
          String value = constants.get(owner + "." + r.group(2));
          if (value != null) {
            read.add(value);
          }
        }
      }
    }
    return read;
  }

  /**
   * Table rows whose first cell names environment variables: those names. A row marked {@code (read by …)} documents
   * a variable a library reads (Powertools, the EMF client), not the product's code.
   */
  private static Set<String> variableRows(String markdown) {
    return markdown.lines().filter(l -> l.startsWith("| `") && !l.contains("(read by "))
        .map(l -> l.split("\\|")[1])
        .flatMap(cell -> matches(TICKED_ENV_NAME, cell).stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The command table's rows by command: the first cell's first word, and the whole row. */
  private static Map<String, String> commandRows(String section) {
    Map<String, String> rows = new LinkedHashMap<>();
    section.lines().filter(l -> l.startsWith("| `")).forEach(l -> {
      Matcher name = Pattern.compile("^\\| `([a-z]+)").matcher(l);
      if (name.find()) {
        rows.put(name.group(1), l);
      }
    });
    return rows;
  }

  private Set<String> flagsOf(String command) {
    return cli.getSubcommands().get(command).getCommandSpec().options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp())
        .map(OptionSpec::longestName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> flagsIn(String row) {
    return matches(FLAG, row, 0);
  }

  private static Set<Integer> exitCodes(String section) {
    String table = section.substring(section.indexOf("| code | meaning |"));
    return table.lines().skip(2).takeWhile(l -> l.startsWith("|"))
        .map(l -> Integer.parseInt(l.split("\\|")[1].strip()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** From {@code heading} (a whole line) to the next heading of the same or a higher level. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("heading " + heading).isGreaterThanOrEqualTo(0);
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    String rest = markdown.substring(start + heading.length() + 2);
    Matcher next = Pattern.compile("(?m)^#{1," + (level.length() - 1) + "} ").matcher(rest);
    return next.find() ? rest.substring(0, next.start()) : rest;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    return matches(pattern, text, 1);
  }

  private static Set<String> matches(Pattern pattern, String text, int group) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(group));
    }
    return found;
  }

  private static List<Path> mainSources() {
    try (Stream<Path> files = Files.walk(ROOT.resolve("lambda/src/main/java"))) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String relative) {
    return read(ROOT.resolve(relative));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docs/reference.md")) && Files.exists(dir.resolve("README.md"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md and docs/reference.md above " + Path.of("").toAbsolutePath());
  }
}
