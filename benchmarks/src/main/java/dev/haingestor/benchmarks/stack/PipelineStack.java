package dev.haingestor.benchmarks.stack;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.ServiceJar;
import dev.haingestor.testsupport.proxy.TcpFaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole pipeline on this machine, wired as docker-compose wires it: real Redis and InfluxDB
 * (test-support's {@link RealServers}), the HA simulator in this JVM, and the three service jars as
 * processes configured by environment variables. The enrichment service writes (v2 API to InfluxDB
 * 2.x, the native 1.x API to 1.x) through a fault-injecting TCP relay (pass-through except during
 * the outage phase) in front of InfluxDB.
 */
public final class PipelineStack implements AutoCloseable {

  /** Generous: three JVMs starting at once on two busy cores can take minutes. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);

  private final RedisServer redis;
  private final InfluxServer influx;
  private final String database;
  private final RedisKeys keys;
  private final HaSimulator simulator;
  private final TcpFaultProxy influxWrites;
  private final Map<String, ServiceJar> services;

  private PipelineStack(
      RedisServer redis,
      InfluxServer influx,
      String database,
      RedisKeys keys,
      HaSimulator simulator,
      TcpFaultProxy influxWrites,
      Map<String, ServiceJar> services) {
    this.redis = redis;
    this.influx = influx;
    this.database = database;
    this.keys = keys;
    this.simulator = simulator;
    this.influxWrites = influxWrites;
    this.services = services;
  }

  /**
   * Starts everything and waits until the ingestion service is subscribed to the simulator.
   *
   * @param jars the runnable jars, by service
   * @param jvmOptions options of every service JVM
   * @param entities entities of the simulated home
   * @param activeEntities the home's first entities, which generated events change
   * @param historyCapacity events the simulator keeps (the largest phase must fit)
   * @param logDirectory where the services' logs go
   */
  public static PipelineStack start(
      ServiceJars jars,
      List<String> jvmOptions,
      int entities,
      int activeEntities,
      int historyCapacity,
      Path logDirectory) {
    RedisServer redis = RealServers.redis();
    InfluxServer influx = RealServers.influx();
    String database = influx.createDatabase("bench");
    RedisKeys keys = new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    HaSimulator simulator =
        HaSimulator.builder()
            .seed(7)
            .entityCount(entities)
            .activeEntityCount(activeEntities)
            .historyCapacity(historyCapacity)
            .start();
    TcpFaultProxy influxWrites = startWriteProxy(influx);
    Map<String, ServiceJar> services = new LinkedHashMap<>();
    PipelineStack stack =
        new PipelineStack(redis, influx, database, keys, simulator, influxWrites, services);
    try {
      Map<String, String> redisEnv = redisEnvironment(redis, keys);
      services.put(
          "ingestion",
          ServiceJar.start(
              "ingestion",
              jars.ingestion(),
              jvmOptions,
              ingestionEnvironment(redisEnv, simulator),
              logDirectory));
      services.put(
          "enrichment",
          ServiceJar.start(
              "enrichment",
              jars.enrichment(),
              jvmOptions,
              enrichmentEnvironment(redisEnv, influx, influxWrites, database),
              logDirectory));
      services.put(
          "admin",
          ServiceJar.start(
              "admin",
              jars.admin(),
              jvmOptions,
              adminEnvironment(redisEnv, influx, database),
              logDirectory));
      for (ServiceJar service : services.values()) {
        service.awaitReady(START_TIMEOUT);
      }
      stack.awaitSubscribed();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /**
   * One hop between the enrichment service and InfluxDB that can fail on demand: a TCP relay that
   * carries bytes untouched (an outage refuses connections, as a stopped InfluxDB does), so the
   * measured write path is the service's own, not an HTTP proxy's.
   */
  private static TcpFaultProxy startWriteProxy(InfluxServer influx) {
    URI url = URI.create(influx.url());
    return TcpFaultProxy.start(url.getHost(), url.getPort());
  }

  private static Map<String, String> redisEnvironment(RedisServer redis, RedisKeys keys) {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_HOST", redis.host());
    env.put("REDIS_PORT", Integer.toString(redis.port()));
    if (redis.password() != null) {
      env.put("REDIS_PASSWORD", redis.password());
    }
    env.put("REDIS_KEY_PREFIX", keys.prefix());
    return env;
  }

  private static Map<String, String> ingestionEnvironment(
      Map<String, String> redisEnv, HaSimulator simulator) {
    Map<String, String> env = new HashMap<>(redisEnv);
    env.put("HA_URL", "http://127.0.0.1:" + simulator.port());
    env.put("HA_TOKEN", simulator.token());
    env.put("STREAM_MAX_LENGTH", "500000"); // docker-compose's retention
    return env;
  }

  private static Map<String, String> enrichmentEnvironment(
      Map<String, String> redisEnv,
      InfluxServer influx,
      TcpFaultProxy influxWrites,
      String database) {
    Map<String, String> env = influxEnvironment(redisEnv, influx, influxWrites.httpUrl(), database);
    // The simulator, like HA, sometimes reports "unavailable": keep those as state-only points
    // (HA drops them) so that every emitted event has its point and loss can be counted.
    env.put("INFLUXDB_KEEP_UNAVAILABLE", "true");
    return env;
  }

  private static Map<String, String> adminEnvironment(
      Map<String, String> redisEnv, InfluxServer influx, String database) {
    return influxEnvironment(redisEnv, influx, influx.url(), database);
  }

  /**
   * The InfluxDB settings both services take: the v2 API against 2.x; against 1.x (before 1.8
   * without the v2 API) the native 1.x API, as its users run it.
   */
  private static Map<String, String> influxEnvironment(
      Map<String, String> redisEnv, InfluxServer influx, String url, String database) {
    Map<String, String> env = new HashMap<>(redisEnv);
    if (isInflux2(influx)) {
      env.put("INFLUXDB_API_VERSION", "2");
      env.put("INFLUXDB_TOKEN", influx.token());
      env.put("INFLUXDB_ORG", influx.org());
      env.put("INFLUXDB_BUCKET", database);
    } else {
      env.put("INFLUXDB_API_VERSION", "1");
      env.put("INFLUXDB_DATABASE", database);
    }
    env.put("INFLUXDB_URL", url);
    return env;
  }

  /** Whether the server speaks the v2 API natively (a 1.x server's v2 URL is its base URL). */
  public static boolean isInflux2(InfluxServer influx) {
    return influx.v2Url().equals(influx.url());
  }

  private void awaitSubscribed() {
    long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
    while (simulator.subscriptionCount() < 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "ingestion did not subscribe to the simulator within "
                + SUBSCRIBE_TIMEOUT
                + ". "
                + services.get("ingestion").logTail());
      }
      pause(Duration.ofMillis(100));
    }
  }

  public RedisServer redis() {
    return redis;
  }

  public InfluxServer influx() {
    return influx;
  }

  /** The database (1.x) or bucket (2.x) the pipeline writes to. */
  public String database() {
    return database;
  }

  public RedisKeys keys() {
    return keys;
  }

  public HaSimulator simulator() {
    return simulator;
  }

  /** The relay on the enrichment service's InfluxDB write path. */
  public TcpFaultProxy influxWrites() {
    return influxWrites;
  }

  public ServiceJar ingestion() {
    return services.get("ingestion");
  }

  public ServiceJar enrichment() {
    return services.get("enrichment");
  }

  public ServiceJar admin() {
    return services.get("admin");
  }

  /**
   * Every process of the stack by display name: the three services, the servers when they are local
   * child processes, and this JVM (simulator and proxy).
   */
  public Map<String, Long> processes() {
    Map<String, Long> pids = new LinkedHashMap<>();
    services.forEach((name, service) -> pids.put(name, service.pid()));
    ProcessHandle.current()
        .children()
        .forEach(
            child -> {
              String name = processName(child);
              if (name.equals("redis-server") || name.equals("influxd")) {
                pids.put(name, child.pid());
              }
            });
    pids.put("harness (simulator, proxy)", ProcessHandle.current().pid());
    return pids;
  }

  /**
   * The kernel's name of the process ({@code /proc/<pid>/comm}): the name it was started by. Not
   * {@link ProcessHandle.Info#command()}, which resolves {@code /proc/<pid>/exe} — Debian's
   * redis-server is a symlink to redis-check-rdb.
   */
  private static String processName(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).trim();
    } catch (IOException | RuntimeException e) {
      return process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
    }
  }

  /** Services that died, with their log tails; empty when all run. */
  public List<String> deadServices() {
    List<String> dead = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          if (!service.isAlive()) {
            dead.add(name + " is not running. " + service.logTail());
          }
        });
    return dead;
  }

  @Override
  public void close() {
    services.values().forEach(ServiceJar::close);
    simulator.close();
    influxWrites.close();
    // Redis and InfluxDB are stopped by test-support's shutdown hook when this JVM exits.
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
