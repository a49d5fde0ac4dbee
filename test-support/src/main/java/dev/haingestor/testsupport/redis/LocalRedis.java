package dev.haingestor.testsupport.redis;

import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.LocalProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code redis-server} (Debian's package) as a child process: a free loopback port, no persistence,
 * its own temp directory.
 */
public final class LocalRedis implements RedisServer, AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** A port taken between choosing and binding makes the server exit: try a new one. */
  private static final int ATTEMPTS = 3;

  private final LocalProcess process;
  private final int port;
  private final String version;

  private LocalRedis(LocalProcess process, int port, String version) {
    this.process = process;
    this.port = port;
    this.version = version;
  }

  public static LocalRedis start(Path redisServer, Duration startupTimeout) {
    LocalProcess.ProcessExitedException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port = FreePorts.next();
      Path directory = LocalProcess.tempDirectory("ha-ingestor-redis-");
      LocalProcess process =
          LocalProcess.start(
              "redis-server on port " + port,
              directory,
              List.of(
                  redisServer.toString(),
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  HOST,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--logfile",
                  "",
                  "--dir",
                  directory.toString()));
      try {
        process.awaitReady(
            () -> RespConnection.answersPing(HOST, port, PROBE_TIMEOUT), startupTimeout);
      } catch (LocalProcess.ProcessExitedException e) {
        last = e;
        continue;
      }
      try (RespConnection redis = RespConnection.open(HOST, port, PROBE_TIMEOUT)) {
        return new LocalRedis(process, port, redis.infoField("redis_version"));
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
    }
    throw last;
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
    return null;
  }

  @Override
  public String kind() {
    return "local redis-server";
  }

  @Override
  public String version() {
    return version;
  }

  /** For tests of the harness itself. */
  LocalProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
