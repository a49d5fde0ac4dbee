package dev.haingestor.testsupport.redis;

import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.LocalProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} (Debian's package) of one test's own which — unlike test-support's shared
 * server — can be stopped (SIGTERM: Redis flushes its append-only file and says goodbye), killed
 * (SIGKILL: a crash) and started again on the same port with the same data directory, as compose
 * runs Redis: AOF on (DESIGN.md §2.3), optionally with a password ({@code requirepass}).
 *
 * <pre>{@code
 * try (RestartableRedis redis = RestartableRedis.builder().password("s3cret").start()) {
 *   redis.kill();
 *   redis.startAgain(); // same port, same stream and consumer group
 * }
 * }</pre>
 */
public final class RestartableRedis implements RedisServer, AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration PROBE = Duration.ofSeconds(1);

  private final Path executable;
  private final Path directory;
  private final int port;
  private final String password;
  private final String appendFsync;
  private final Duration startupTimeout;
  private final Thread killAtExit = new Thread(this::killAtJvmExit, "kill-restartable-redis");
  private volatile Process process;
  private String version = "unknown";

  private RestartableRedis(Builder builder, Path executable) {
    this.executable = executable;
    this.directory = LocalProcess.tempDirectory("ha-ingestor-restartable-redis-");
    this.port = FreePorts.next();
    this.password = builder.password;
    this.appendFsync = builder.appendFsync;
    this.startupTimeout = builder.startupTimeout;
    // A test JVM that dies without close() must not leave a redis-server behind.
    Runtime.getRuntime().addShutdownHook(killAtExit);
  }

  private void killAtJvmExit() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No password, {@code appendfsync always}. */
  public static RestartableRedis start() {
    return builder().start();
  }

  @Override
  public String host() {
    return HOST;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String kind() {
    return "restartable local redis-server (appendfsync " + appendFsync + ")";
  }

  @Override
  public String version() {
    return version;
  }

  /** The data directory (AOF), kept across restarts; deleted by {@link #close()}. */
  public Path directory() {
    return directory;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGTERM: Redis writes its AOF and exits; clients see their connections close. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!waitFor(Duration.ofSeconds(10))) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(5));
    }
    process = null;
  }

  /**
   * SIGKILL: no shutdown, no goodbye to clients — a crash or an OOM kill. What Redis had written to
   * its AOF (every write before the reply, with any {@code appendfsync}) survives a process crash;
   * only a host crash loses what was not yet fsynced.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
    process = null;
  }

  /** Starts the server again on the same port with its data; a no-op while it runs. */
  public synchronized void startAgain() {
    if (isRunning()) {
      return;
    }
    startProcess();
  }

  /** {@link #stop()} then {@link #startAgain()}. */
  public synchronized void restart() {
    stop();
    startProcess();
  }

  /** A new connection, authenticated when the server has a password. */
  public RespConnection connect() {
    RespConnection connection = RespConnection.open(HOST, port, PROBE);
    if (password != null) {
      try {
        connection.command("AUTH", password);
      } catch (RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  private boolean answersPing() {
    try (RespConnection connection = connect()) {
      return "PONG".equals(connection.command("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void startProcess() {
    List<String> command = new ArrayList<>();
    command.addAll(
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
            appendFsync,
            "--daemonize",
            "no",
            "--dir",
            directory.toString()));
    if (password != null) {
      // On the command line, not in a file: visible in this test machine's process list only.
      command.add("--requirepass");
      command.add(password);
    }
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server on port " + port, e);
    }
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    while (!answersPing()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited while starting; see " + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "redis-server on port " + port + " did not start within " + startupTimeout);
      }
      waitFor(Duration.ofMillis(50));
    }
    try (RespConnection connection = connect()) {
      version = connection.infoField("redis_version");
    }
  }

  private Path log() {
    return directory.resolve("server.log");
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  @Override
  public synchronized void close() {
    kill();
    LocalProcess.deleteRecursively(directory);
    try {
      Runtime.getRuntime().removeShutdownHook(killAtExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway and finds nothing to kill
    }
  }

  private static Optional<Path> findExecutable() {
    List<Path> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(Path.of(entry));
        }
      }
    }
    // Debian installs it here; a minimal PATH (e.g. CI's) may lack /usr/sbin.
    directories.add(Path.of("/usr/bin"));
    directories.add(Path.of("/usr/sbin"));
    return directories.stream()
        .map(directory -> directory.resolve("redis-server"))
        .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
        .findFirst();
  }

  /** Options; defaults: no password, {@code appendfsync always}, 20 s to start. */
  public static final class Builder {

    private String password;
    private String appendFsync = "always";
    private Duration startupTimeout = Duration.ofSeconds(20);

    private Builder() {}

    /** Clients must {@code AUTH} with it ({@code requirepass}). */
    public Builder password(String password) {
      if (password == null || password.isBlank()) {
        throw new IllegalArgumentException("password must not be blank");
      }
      this.password = password;
      return this;
    }

    /**
     * {@code always} (nothing acknowledged is lost), {@code everysec} (compose's) or {@code no}.
     */
    public Builder appendFsync(String appendFsync) {
      if (!List.of("always", "everysec", "no").contains(appendFsync)) {
        throw new IllegalArgumentException("appendfsync must be always, everysec or no");
      }
      this.appendFsync = appendFsync;
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive");
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @throws IllegalStateException when Debian's {@code redis-server} is not installed
     */
    public RestartableRedis start() {
      Path executable =
          findExecutable()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "A restartable Redis needs Debian's redis-server: "
                              + "apt-get install -y redis-server"));
      RestartableRedis redis = new RestartableRedis(this, executable);
      try {
        redis.startProcess();
      } catch (RuntimeException e) {
        redis.close();
        throw e;
      }
      return redis;
    }
  }
}
