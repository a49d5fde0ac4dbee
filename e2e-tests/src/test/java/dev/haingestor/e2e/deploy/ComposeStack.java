package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.e2e.ServiceProcess;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application services of {@code docker-compose.yml}, demo profile, started from their runnable
 * jars with exactly the {@code environment:} compose gives each (interpolated with {@code
 * .env.example}), where only what names compose's network changes:
 *
 * <ul>
 *   <li>{@code redis} / {@code 6379}: a Redis started with compose's own redis command (password,
 *       AOF) — see {@link PasswordProtectedRedis};
 *   <li>{@code http://influxdb:8086}: the test InfluxDB's v2 URL. Locally that is InfluxDB 1.x
 *       behind test-support's v2→v1 proxy, which forwards {@code /query} and {@code /ping}
 *       unchanged: the enrichment writes through {@code /api/v2/write} as against InfluxDB 2.7, and
 *       admin-api reads InfluxQL from {@code /query} with compose's {@code INFLUXDB_API_VERSION=2}
 *       and token — which InfluxDB 1.x, running without auth, ignores, while 2.x maps the bucket to
 *       a database (virtual DBRP), so the same settings work against both;
 *   <li>the values compose's InfluxDB is set up with (admin token, org, bucket): the test
 *       InfluxDB's token and org, and a fresh database standing for the bucket;
 *   <li>{@code http://ha-simulator:8123}: the simulator's jar, itself started with compose's
 *       environment for it; {@code 0.0.0.0} (listen everywhere) becomes {@code 127.0.0.1};
 *   <li>each service's listening port (a free one: ports collide on one machine), and {@code
 *       HOSTNAME}, which Docker sets from {@code hostname:}.
 * </ul>
 *
 * Values are replaced, never keys: a misspelled variable stays misspelled, so the service falls
 * back to its default, which points nowhere here (the Redis listens on 127.0.0.2 and needs the
 * password).
 */
public final class ComposeStack implements AutoCloseable {

  /** The compose services that are this project's Spring Boot applications. */
  static final List<String> APPLICATIONS =
      List.of("ingestion-service", "enrichment-service", "admin-api");

  static final String SIMULATOR = "ha-simulator";
  static final String DEMO_PROFILE = "demo";

  /** Failsafe's system property {@code <name>.jar} per compose service (e2e-tests/pom.xml). */
  private static final Map<String, String> JARS =
      Map.of(
          "ingestion-service",
          "ingestion",
          "enrichment-service",
          "enrichment",
          "admin-api",
          "admin",
          SIMULATOR,
          "ha-simulator");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final ComposeFile compose;
  private final InfluxServer influx;
  private final String database;
  private final PasswordProtectedRedis redis;
  private final Map<String, String> replacements = new LinkedHashMap<>();
  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();

  private ComposeStack(
      ComposeFile compose, InfluxServer influx, String database, PasswordProtectedRedis redis) {
    this.compose = compose;
    this.influx = influx;
    this.database = database;
    this.redis = redis;
  }

  static ComposeStack start() {
    ComposeFile compose = ComposeFile.ofRepository();
    InfluxServer influx = RealServers.influx();
    boolean docker = influx.kind().startsWith("docker");
    System.out.println(
        "[compose-stack] influxdb: "
            + influx.kind()
            + " "
            + influx.version()
            + "; redis: own, "
            + (docker ? "in Docker" : "local redis-server")
            + ", with compose's redis command");
    PasswordProtectedRedis redis =
        PasswordProtectedRedis.start(
            compose.command("redis"), compose.image("redis").orElseThrow(), docker);
    ComposeStack stack = new ComposeStack(compose, influx, influx.createDatabase("compose"), redis);
    try {
      stack.startServices();
      return stack;
    } catch (RuntimeException | IOException | Error e) {
      stack.close();
      throw new IllegalStateException("the compose stack did not start: " + e.getMessage(), e);
    }
  }

  private void startServices() throws IOException {
    if (!compose.enabledServices(List.of(DEMO_PROFILE)).containsAll(APPLICATIONS)
        || !compose.enabledServices(List.of(DEMO_PROFILE)).contains(SIMULATOR)) {
      throw new IllegalStateException(
          "the demo profile must run the simulator and every application");
    }
    Map<String, String> influxSetup = compose.environment("influxdb");
    replacements.put("redis", redis.host());
    replacements.put("6379", Integer.toString(redis.port()));
    replacements.put("http://influxdb:8086", stripSlash(influx.v2Url()));
    replacements.put(influxSetup.get("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"), influx.token());
    replacements.put(influxSetup.get("DOCKER_INFLUXDB_INIT_ORG"), influx.org());
    replacements.put(influxSetup.get("DOCKER_INFLUXDB_INIT_BUCKET"), database);
    replacements.put("0.0.0.0", "127.0.0.1");

    ServiceProcess simulator = startService(SIMULATOR, "SIM_PORT");
    simulator.awaitAnswering("/api/", START_TIMEOUT);
    String simulatorPort = compose.environment(SIMULATOR).get("SIM_PORT");
    replacements.put("http://ha-simulator:" + simulatorPort, simulator.baseUrl());

    List<ServiceProcess> applications = new ArrayList<>();
    for (String service : APPLICATIONS) {
      applications.add(startService(service, "SERVER_PORT"));
    }
    for (ServiceProcess application : applications) {
      application.awaitReady(START_TIMEOUT);
    }
  }

  private ServiceProcess startService(String service, String portVariable) throws IOException {
    Map<String, String> environment = new TreeMap<>();
    compose.environment(service).forEach((name, value) -> environment.put(name, local(value)));
    compose.hostname(service).ifPresent(hostname -> environment.put("HOSTNAME", hostname));
    environments.put(service, Map.copyOf(environment));
    ServiceProcess process =
        ServiceProcess.start(JARS.get(service), "compose-" + service, environment, portVariable);
    processes.put(service, process);
    return process;
  }

  /** The test's counterpart of a value compose gives a service. */
  private String local(String composeValue) {
    String exact = replacements.get(composeValue);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> url : replacements.entrySet()) {
      if (url.getKey().contains("://") && composeValue.startsWith(url.getKey() + "/")) {
        return url.getValue() + composeValue.substring(url.getKey().length());
      }
    }
    return composeValue;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  ComposeFile compose() {
    return compose;
  }

  InfluxServer influx() {
    return influx;
  }

  /** The database standing for compose's bucket. */
  String database() {
    return database;
  }

  PasswordProtectedRedis redis() {
    return redis;
  }

  ServiceProcess process(String service) {
    ServiceProcess process = processes.get(service);
    if (process == null) {
      throw new IllegalArgumentException("not started: " + service);
    }
    return process;
  }

  /** The environment the service was started with (after the replacements above). */
  Map<String, String> environment(String service) {
    return environments.get(service);
  }

  /**
   * Waits until the pipeline has written points of the simulated home into InfluxDB (temperatures,
   * which the simulator's home always has), failing fast when a service exits.
   */
  void awaitPointsInInfluxDb() {
    await("points written by the compose pipeline")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .failFast("a service exited", () -> processes.values().stream().anyMatch(p -> !p.isAlive()))
        .untilAsserted(
            () ->
                assertThat(influx.influxQl().count(database, "SELECT count(\"value\") FROM \"°C\""))
                    .as("temperature points; logs:%s", logTails())
                    .isPositive());
  }

  /** The logs' tails of every process, for failure messages. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    processes.forEach(
        (service, process) ->
            tails.append("\n--- ").append(service).append(":\n").append(process.logTail()));
    return tails.toString();
  }

  @Override
  public void close() {
    List<ServiceProcess> reversed = new ArrayList<>(processes.values());
    java.util.Collections.reverse(reversed);
    reversed.forEach(ServiceProcess::close);
    try {
      redis.close();
    } catch (Exception e) {
      System.err.println("[compose-stack] stopping Redis failed: " + e);
    }
  }
}
