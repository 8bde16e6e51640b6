package io.iotetl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server running in its own JVM with its own class path, tied to this process by {@link
 * ParentWatchdog}. Output goes to a log file whose tail is quoted when something fails.
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code mainClass} on {@code classPath}; returns at once, without waiting for readiness.
   */
  static ChildJvm start(
      String name,
      String classPath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(ownCodeLocation() + java.io.File.pathSeparator + classPath);
    command.add(ParentWatchdog.class.getName());
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(logFile.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      return new ChildJvm(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " JVM", e);
    }
  }

  /** Runs a child JVM to completion, failing with its log tail on a non-zero exit. */
  static void runToCompletion(
      String name,
      String classPath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path logFile,
      long timeoutSeconds) {
    try (ChildJvm child = start(name, classPath, jvmArgs, mainClass, args, logFile)) {
      if (!child.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            name + " did not finish within " + timeoutSeconds + " s" + child.logTail());
      }
      if (child.process.exitValue() != 0) {
        throw new IllegalStateException(
            name + " failed with exit code " + child.process.exitValue() + child.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** The last lines of the child's log, prefixed for inclusion in an error message. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 25), lines.size());
      return "\n--- last lines of " + logFile + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return " (no log at " + logFile + ")";
    }
  }

  /**
   * Asks the child to stop (SIGTERM, so shutdown hooks run), then kills it after a grace period.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  private static String ownCodeLocation() {
    try {
      return Path.of(
              ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the local-stack classes", e);
    }
  }
}
