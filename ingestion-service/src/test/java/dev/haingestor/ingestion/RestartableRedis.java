package dev.haingestor.ingestion;

import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.LocalProcess;
import dev.haingestor.testsupport.redis.RespConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of this test's own, which — unlike test-support's shared one — can be
 * stopped and started again on the same port with its data: AOF with {@code appendfsync always} in
 * a directory kept across restarts, as compose runs Redis (DESIGN.md §2.3). Modelled on
 * test-support's {@code LocalRedis}.
 */
final class RestartableRedis implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(20);
  private static final Duration PROBE = Duration.ofMillis(500);

  private final Path executable;
  private final Path directory;
  private final int port;
  private Process process;

  private RestartableRedis(Path executable, Path directory, int port) {
    this.executable = executable;
    this.directory = directory;
    this.port = port;
  }

  static RestartableRedis start() {
    RestartableRedis redis =
        new RestartableRedis(
            findRedisServer(), LocalProcess.tempDirectory("ingestion-redis-"), FreePorts.next());
    redis.startProcess();
    return redis;
  }

  int port() {
    return port;
  }

  /** SIGTERM: Redis flushes its AOF and exits; clients see the connection drop. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process = null;
  }

  /** Starts again on the same port with the same data. */
  synchronized void restart() {
    stop();
    startProcess();
  }

  private synchronized void startProcess() {
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      executable.toString(),
                      "--port",
                      Integer.toString(port),
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
                      directory.toString()))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!RespConnection.answersPing(HOST, port, PROBE)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not start");
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static Path findRedisServer() {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin").split(":")) {
      Path candidate = Path.of(dir.isBlank() ? "." : dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server not found: sudo apt-get install -y redis-server");
  }

  @Override
  public void close() {
    stop();
    LocalProcess.deleteRecursively(directory);
  }
}
