package dev.haingestor.testsupport;

import dev.haingestor.testsupport.influx.ContainerInflux2;
import dev.haingestor.testsupport.influx.LocalInflux1;
import dev.haingestor.testsupport.redis.ContainerRedis;
import dev.haingestor.testsupport.redis.LocalRedis;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The real Redis and InfluxDB of this test JVM: started on first use, shared by every test, stopped
 * (processes killed, temp directories deleted, containers removed) by a JVM shutdown hook. Where
 * they come from is decided once, see {@link ServerSelection}: Testcontainers ({@code redis:7},
 * {@code influxdb:2.7}) where Docker answers, else Debian's {@code redis-server} and {@code
 * influxd} 1.x on free loopback ports, else a clear failure.
 */
public final class RealServers {

  /** Generous: a 2-core machine under a parallel build can be slow to start a process. */
  private static final Duration LOCAL_STARTUP = Duration.ofSeconds(30);

  /** Includes pulling an image on first use. */
  private static final Duration DOCKER_STARTUP = Duration.ofMinutes(3);

  private static final JvmWide<ServerSelection.Choice> CHOICE =
      new JvmWide<>("server selection", ServerSelection::fromEnvironment);
  private static final JvmWide<RedisServer> REDIS = new JvmWide<>("Redis", RealServers::startRedis);
  private static final JvmWide<InfluxServer> INFLUX =
      new JvmWide<>("InfluxDB", RealServers::startInflux);

  private RealServers() {}

  /** The JVM-wide Redis 7, started on the first call. */
  public static RedisServer redis() {
    return REDIS.get();
  }

  /** The JVM-wide InfluxDB, started on the first call. */
  public static InfluxServer influx() {
    return INFLUX.get();
  }

  /** One line naming both servers, their kind, version and address (starts them if needed). */
  public static String describe() {
    RedisServer redis = redis();
    InfluxServer influx = influx();
    String v2 =
        influx.v2Url().equals(influx.url()) ? "" : " (v2 writes via proxy " + influx.v2Url() + ")";
    return "servers: "
        + CHOICE.get()
        + "; redis: "
        + redis.kind()
        + " "
        + redis.version()
        + " @"
        + redis.host()
        + ":"
        + redis.port()
        + "; influxdb: "
        + influx.kind()
        + " "
        + influx.version()
        + " @"
        + influx.url()
        + v2;
  }

  private static RedisServer startRedis() {
    ServerSelection.Choice choice = CHOICE.get();
    return choice.docker()
        ? ContainerRedis.start(DOCKER_STARTUP)
        : LocalRedis.start(choice.redisServer(), LOCAL_STARTUP);
  }

  private static InfluxServer startInflux() {
    ServerSelection.Choice choice = CHOICE.get();
    return choice.docker()
        ? ContainerInflux2.start(DOCKER_STARTUP)
        : LocalInflux1.start(choice.influxd(), LOCAL_STARTUP);
  }

  /**
   * A value made once per JVM. A failure is remembered and rethrown with its message, so that every
   * later test fails at once with the same clear reason instead of waiting for another start.
   * Servers are closed by one shutdown hook.
   */
  private static final class JvmWide<T> {

    private final String name;
    private final Supplier<T> factory;
    private T value;
    private RuntimeException failure;

    JvmWide(String name, Supplier<T> factory) {
      this.name = name;
      this.factory = factory;
    }

    synchronized T get() {
      if (value != null) {
        return value;
      }
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      try {
        value = factory.get();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      if (value instanceof AutoCloseable closeable) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> close(closeable), "stop-test-" + name));
      }
      return value;
    }

    private void close(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.err.println("[test-support] stopping " + name + " failed: " + e);
      }
    }
  }
}
