package dev.haingestor.e2e.faults;

import static org.awaitility.Awaitility.await;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.process.ServiceJar;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import dev.haingestor.testsupport.proxy.TcpFaultProxy;
import dev.haingestor.testsupport.redis.RespConnection;
import dev.haingestor.testsupport.redis.RestartableRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole pipeline, wired as compose wires it and started once for the fault suite: the HA
 * simulator, the three service jars as processes (environment variables only), a password-protected
 * Redis with AOF that can be stopped and killed, and the shared InfluxDB — each link through a
 * proxy that can break it.
 *
 * <pre>
 * simulator ◀─ TcpFaultProxy (blip) ◀─ ingestion ─▶ Redis (restartable) ◀─ enrichment a[, b]
 *   enrichment ─▶ TcpFaultProxy (down) ─▶ FaultInjectingHttpProxy (503/429/slow) ─▶ InfluxDB
 *   admin-api ─▶ Redis, InfluxDB (directly)
 * </pre>
 *
 * Timing settings are shortened (heartbeat, back-offs, claim idle time) so that each fault recovers
 * in seconds; every one of them is a documented variable a user may set the same way.
 */
final class FaultStack implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(150);
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final SuiteSecrets secrets;
  final RestartableRedis redis;
  final InfluxServer influx;
  final String database;
  final FaultInjectingHttpProxy influxHttp;
  final TcpFaultProxy influxTcp;
  final HaSimulator simulator;
  final TcpFaultProxy haTcp;
  final RedisKeys keys =
      new RedisKeys("faults-" + UUID.randomUUID().toString().substring(0, 8) + ":");
  final boolean influx2;

  private final Path logs;
  private final List<ServiceJar> everStarted = new ArrayList<>();
  private final Map<String, Integer> startsByName = new HashMap<>();
  private final Map<String, ServiceJar> enrichments = new LinkedHashMap<>();
  private final List<String> captured = new ArrayList<>();
  private ServiceJar ingestion;
  private ServiceJar admin;

  private FaultStack(int historyCapacity) {
    logs = Path.of(System.getProperty("service.logs", "target/service-logs")).resolve("faults");
    influx = RealServers.influx();
    influx2 = influx.kind().contains("2.");
    // InfluxDB 1.x runs without auth and ignores the token, so it can be a distinctive one; 2.x
    // needs its real admin token, which is then the one searched for.
    SuiteSecrets random = SuiteSecrets.random();
    secrets = influx2 ? random.withInfluxToken(influx.token()) : random;
    redis =
        RestartableRedis.builder()
            .password(secrets.redisPassword())
            // compose's setting: a process crash loses nothing acknowledged, a host crash ≤ 1 s.
            .appendFsync("everysec")
            .start();
    database = influx.createDatabase("faults");
    influxHttp = FaultInjectingHttpProxy.start(influx.v2Url());
    influxTcp = TcpFaultProxy.start("127.0.0.1", influxHttp.port());
    simulator =
        HaSimulator.builder()
            .seed(11)
            .entityCount(60)
            .token(secrets.haToken())
            .historyCapacity(historyCapacity)
            .start();
    haTcp = TcpFaultProxy.start("127.0.0.1", simulator.port());
  }

  /** Starts servers, proxies and services (ingestion, enrichment "a", admin-api) and waits. */
  static FaultStack start(int historyCapacity) {
    FaultStack stack = new FaultStack(historyCapacity);
    try {
      stack.ingestion = stack.startIngestion();
      stack.startEnrichment("a");
      stack.admin = stack.startService("admin", "admin", stack.adminEnvironment());
      for (ServiceJar service : stack.running()) {
        service.awaitReady(START_TIMEOUT);
      }
      stack.awaitSubscribed();
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  String describe() {
    return RealServers.describe()
        + "; fault redis: "
        + redis.kind()
        + " "
        + redis.version()
        + " @"
        + redis.port();
  }

  // ---- services ---------------------------------------------------------------------------

  ServiceJar ingestion() {
    return ingestion;
  }

  ServiceJar enrichment(String consumer) {
    return enrichments.get(consumer);
  }

  ServiceJar admin() {
    return admin;
  }

  /** Every service process alive now. */
  List<ServiceJar> running() {
    return everStarted.stream().filter(ServiceJar::isAlive).toList();
  }

  /** Starts a new ingestion process (after a kill); does not wait for it. */
  ServiceJar restartIngestion() {
    ingestion = startIngestion();
    return ingestion;
  }

  /** Starts an enrichment instance with the stable consumer name {@code consumer}. */
  ServiceJar startEnrichment(String consumer) {
    ServiceJar service =
        startService("enrichment", "enrichment-" + consumer, enrichmentEnv(consumer));
    enrichments.put(consumer, service);
    return service;
  }

  /** SIGKILL, as the kernel's OOM killer or a power cut ends a process: no shutdown hook runs. */
  static void kill(ServiceJar service) {
    ProcessHandle.of(service.pid())
        .ifPresent(
            process -> {
              process.destroyForcibly();
              try {
                process.onExit().get(15, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("process " + service.name() + " did not die", e);
              }
            });
  }

  void awaitSubscribed() {
    await("ingestion subscribed to HA")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> simulator.subscriptionCount() >= 1);
  }

  private ServiceJar startIngestion() {
    return startService("ingestion", "ingestion", ingestionEnv());
  }

  private ServiceJar startService(String jar, String name, Map<String, String> environment) {
    int start = startsByName.merge(name, 1, Integer::sum);
    Path jarFile = Path.of(System.getProperty(jar + ".jar", "missing-" + jar + ".jar"));
    // Each start its own log file, so the secrets check sees the output of killed processes too.
    ServiceJar service =
        ServiceJar.start(name + "-" + start, jarFile, JVM_OPTIONS, environment, logs);
    everStarted.add(service);
    return service;
  }

  private Map<String, String> redisEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_HOST", redis.host());
    env.put("REDIS_PORT", Integer.toString(redis.port()));
    env.put("REDIS_PASSWORD", secrets.redisPassword());
    env.put("REDIS_KEY_PREFIX", keys.prefix());
    if (Boolean.getBoolean("faults.debug")) {
      env.put("LOGGING_LEVEL_DEV_HAINGESTOR", "DEBUG");
    }
    return env;
  }

  private Map<String, String> ingestionEnv() {
    Map<String, String> env = redisEnv();
    env.putAll(retention());
    env.put("HOSTNAME", "ingestion");
    env.put("INGESTION_STATUS_INSTANCE", "ingestion");
    env.put("HA_URL", haTcp.httpUrl());
    env.put("HA_TOKEN", secrets.haToken());
    // A silent network cut is noticed within 3 s (defaults: 30 s + 10 s).
    env.put("HA_HEARTBEAT_INTERVAL", "1s");
    env.put("HA_HEARTBEAT_TIMEOUT", "2s");
    env.put("HA_CONNECT_TIMEOUT", "3s");
    env.put("HA_RECONNECT_MIN_DELAY", "500ms");
    env.put("HA_RECONNECT_MAX_DELAY", "2s");
    env.put("STREAM_RETRY_MAX_DELAY", "1s");
    // The simulator's recorder has no commit interval: no need to wait 5 s for the window's tail.
    env.put("BACKFILL_COMMIT_INTERVAL", "1s");
    env.put("BACKFILL_FIRST_EVENT_WAIT", "2s");
    env.put("BACKFILL_RECHECK_INTERVAL", "5s");
    env.put("HA_STARTUP_POLL_INTERVAL", "1s");
    return env;
  }

  /**
   * The full suite's soak fires 1.2 million events: a retention of 200,000 entries lets Redis's
   * memory level off after 100 s, as a home's retention of hours does, instead of growing to the
   * default million entries.
   */
  private static Map<String, String> retention() {
    return Boolean.getBoolean("faults.full") ? Map.of("STREAM_MAX_LENGTH", "200000") : Map.of();
  }

  private Map<String, String> enrichmentEnv(String consumer) {
    Map<String, String> env = redisEnv();
    env.put("HOSTNAME", "enrichment-" + consumer);
    env.put("ENRICHMENT_CONSUMER_NAME", "enrichment-" + consumer);
    env.put("INFLUXDB_API_VERSION", "2");
    env.put("INFLUXDB_URL", influxTcp.httpUrl());
    env.put("INFLUXDB_TOKEN", secrets.influxToken());
    env.put("INFLUXDB_ORG", influx.org());
    env.put("INFLUXDB_BUCKET", database);
    // The simulator reports "unavailable" now and then: keep those, so every event has a point.
    env.put("INFLUXDB_KEEP_UNAVAILABLE", "true");
    env.put("INFLUXDB_TIMEOUT", "5s");
    env.put("ENRICHMENT_CONSUMER_CLAIM_MIN_IDLE", "5s");
    env.put("ENRICHMENT_CONSUMER_CLAIM_INTERVAL", "2s");
    env.put("ENRICHMENT_CONSUMER_RETRY_MAX_BACKOFF", "2s");
    env.put("ENRICHMENT_CONSUMER_BREAKER_OPEN_DURATION", "2s");
    env.put("ENRICHMENT_CONSUMER_MONITOR_INTERVAL", "2s");
    return env;
  }

  private Map<String, String> adminEnvironment() {
    Map<String, String> env = redisEnv();
    env.putAll(retention());
    env.put("HOSTNAME", "admin");
    env.put("INFLUXDB_URL", influx.url());
    if (influx2) {
      env.put("INFLUXDB_API_VERSION", "2");
      env.put("INFLUXDB_TOKEN", secrets.influxToken());
      env.put("INFLUXDB_ORG", influx.org());
      env.put("INFLUXDB_BUCKET", database);
    } else {
      env.put("INFLUXDB_API_VERSION", "1");
      env.put("INFLUXDB_DATABASE", database);
    }
    env.put("ADMIN_API_KEY", secrets.adminApiKey());
    env.put("READ_API_KEY", secrets.readApiKey());
    return env;
  }

  // ---- HTTP -----------------------------------------------------------------------------

  static HttpResponse<String> get(String url, String apiKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (apiKey != null) {
      request.header("X-API-Key", apiKey);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A read of admin-api with the read key; the answer is kept for the secrets check. */
  HttpResponse<String> adminGet(String pathAndQuery) {
    HttpResponse<String> response = get(admin.baseUrl() + pathAndQuery, secrets.readApiKey());
    capture("admin GET " + pathAndQuery, response.statusCode() + " " + response.body());
    return response;
  }

  /** The sum of a metric's series whose line contains {@code labelPart} (e.g. a tag). */
  static double metric(ServiceJar service, String name, String labelPart) {
    HttpResponse<String> response = get(service.baseUrl() + "/actuator/prometheus", null);
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> labelPart == null || line.contains(labelPart))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Keeps what every running service shows right now on {@code /actuator/prometheus} and {@code
   * /actuator/health} (where error details of a fault would surface), for the secrets check.
   */
  void captureServiceOutputs(String when) {
    for (ServiceJar service : running()) {
      for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
        try {
          HttpResponse<String> response = get(service.baseUrl() + path, null);
          capture(when + " " + service.name() + path, response.body());
        } catch (RuntimeException e) {
          // A service still starting answers nothing; nothing to check then.
        }
      }
    }
  }

  void capture(String what, String text) {
    synchronized (captured) {
      captured.add("==== " + what + "\n" + text);
    }
  }

  /** Everything captured plus every service log written so far. */
  Map<String, String> everythingProduced() {
    Map<String, String> all = new LinkedHashMap<>();
    synchronized (captured) {
      for (int i = 0; i < captured.size(); i++) {
        String text = captured.get(i);
        all.put(text.substring(5, text.indexOf('\n')), text);
      }
    }
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.sorted().toList()) {
        all.put("log " + log.getFileName(), Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service logs in " + logs, e);
    }
    return all;
  }

  // ---- Redis ----------------------------------------------------------------------------

  RespConnection redisConnection() {
    return redis.connect();
  }

  @Override
  public void close() {
    for (ServiceJar service : everStarted) {
      service.close();
    }
    closeQuietly(haTcp);
    closeQuietly(simulator);
    closeQuietly(influxTcp);
    closeQuietly(influxHttp);
    closeQuietly(redis);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("[faults] closing " + closeable + " failed: " + e);
    }
  }
}
