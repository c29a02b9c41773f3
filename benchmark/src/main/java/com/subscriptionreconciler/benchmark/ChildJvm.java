package com.subscriptionreconciler.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark main in its own JVM (same class path as this one, its own {@code -Xmx}): its output goes to a
 * log file, lines the orchestrator waits for ({@code BASE …}, {@code RESULT …}) are handed over as they come.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    Thread pump = new Thread(() -> pump(log), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  static ChildJvm start(String name, String heap, List<String> jvmOptions, Class<?> main, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChildJvm(name, process, log);
  }

  private void pump(Path log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        out.flush();
        if (line.startsWith("BASE ") || line.startsWith("CONTROL ") || line.startsWith(ResultLine.PREFIX)
            || line.startsWith("GENERATED ")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process died; awaitResult reports its exit code
    } finally {
      drained.complete(null);
    }
  }

  /** The value after {@code prefix} of the next such line; fails when the process exits first or time runs out. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before printing " + prefix);
      }
    }
    throw new IllegalStateException(name + " did not print " + prefix + " within " + timeout);
  }

  /** Waits for the process to exit and returns its result line. */
  Map<String, Object> awaitResult(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(name + " did not finish within " + timeout);
    }
    drained.get(30, TimeUnit.SECONDS);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + " (see its log)");
    }
    for (String line : lines) {
      var result = ResultLine.parse(line);
      if (result.isPresent()) {
        return result.get();
      }
    }
    throw new IllegalStateException(name + " printed no result line");
  }

  @Override
  public void close() {
    // our own child only, by its handle
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
