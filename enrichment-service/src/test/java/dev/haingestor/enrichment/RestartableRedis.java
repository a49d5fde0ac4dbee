package dev.haingestor.enrichment;

import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.LocalProcess;
import dev.haingestor.testsupport.redis.RespConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of this test's own, modelled on test-support's {@code LocalRedis}, that
 * can be killed and started again on the same port with the same data directory — the shared server
 * of test-support cannot restart. Append-only file with {@code appendfsync always}, as the compose
 * file runs Redis (there {@code everysec}), so the stream and the consumer group survive a restart
 * the way they do in production.
 */
final class RestartableRedis implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(20);
  private static final Duration PROBE = Duration.ofSeconds(1);

  private final Path executable;
  private final Path directory;
  private final int port;
  private Process process;

  private RestartableRedis(Path executable, Path directory, int port) {
    this.executable = executable;
    this.directory = directory;
    this.port = port;
  }

  /** Starts a server on a free port; fails clearly when Debian's redis-server is not installed. */
  static RestartableRedis start() {
    RestartableRedis redis =
        new RestartableRedis(
            findExecutable(),
            LocalProcess.tempDirectory("enrichment-restartable-redis-"),
            FreePorts.next());
    redis.startProcess();
    return redis;
  }

  String host() {
    return HOST;
  }

  int port() {
    return port;
  }

  /** SIGKILL: no shutdown, no goodbye to clients — what a crash or an OOM kill looks like. */
  void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** Starts the server again on the same port, with the data it had. */
  void restart() {
    startProcess();
  }

  private void startProcess() {
    List<String> command =
        List.of(
            executable.toString(),
            "--port",
            String.valueOf(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
            "--dir",
            directory.toString());
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!RespConnection.answersPing(HOST, port, PROBE)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited while starting");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not start");
      }
      waitFor(Duration.ofMillis(50));
    }
  }

  private void waitFor(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path findExecutable() {
    List<Path> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(Path.of(entry));
        }
      }
    }
    directories.add(Path.of("/usr/bin"));
    directories.add(Path.of("/usr/sbin"));
    try (Stream<Path> candidates = directories.stream()) {
      return candidates
          .map(directory -> directory.resolve("redis-server"))
          .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "This test restarts a Redis of its own and needs Debian's redis-server: "
                          + "apt-get install -y redis-server"));
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
    LocalProcess.deleteRecursively(directory);
  }
}
