package dev.haingestor.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server process started by a test JVM in its own temp directory, its output going to a log file
 * there. {@link #close()} kills it and deletes the directory.
 */
public final class LocalProcess implements AutoCloseable {

  private static final int LOG_TAIL_LINES = 30;

  private final String name;
  private final Path directory;
  private final Path log;
  private final Process process;

  private LocalProcess(String name, Path directory, Path log, Process process) {
    this.name = name;
    this.directory = directory;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code command} with {@code directory} as working directory, output to {@code
   * directory/server.log}.
   */
  public static LocalProcess start(String name, Path directory, List<String> command) {
    Path log = directory.resolve("server.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new LocalProcess(name, directory, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /**
   * Waits until {@code ready} answers true, checking every 50 ms. On failure the process is closed
   * (killed, directory deleted) and the exception carries its log tail.
   *
   * @throws ProcessExitedException if the process exits first (e.g. its port was taken)
   * @throws IllegalStateException if {@code timeout} passes first
   */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        String message =
            name + " exited with code " + process.exitValue() + " while starting. " + logTail();
        close();
        throw new ProcessExitedException(message);
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String message = name + " did not become ready within " + timeout + ". " + logTail();
        close();
        throw new IllegalStateException(message);
      }
      waitForExit(Duration.ofMillis(50));
    }
  }

  /** The server's own directory (data, configuration, log); deleted by {@link #close()}. */
  public Path directory() {
    return directory;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the server's output, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "Last lines of " + log + ":\n  " + String.join("\n  ", tail);
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + log + ": " + e + ")";
    }
  }

  /** Kills the process (TERM, then KILL after 10 s) and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(10))) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(5));
    }
    deleteRecursively(directory);
  }

  /** A fresh temp directory for one server. */
  public static Path tempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory", e);
    }
  }

  /** Deletes a directory tree; best effort, as files may vanish while a server stops. */
  public static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[test-support] could not delete " + root + " completely: " + e);
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** The process ended while starting; the message carries its log tail. */
  public static final class ProcessExitedException extends IllegalStateException {
    ProcessExitedException(String message) {
      super(message);
    }
  }
}
