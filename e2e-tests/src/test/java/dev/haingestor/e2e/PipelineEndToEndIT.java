package dev.haingestor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton, end to end and real: the HA simulator, the three service jars started with
 * {@code java -jar} and environment variables as docker-compose passes them, a real Redis and a
 * real InfluxDB (written through the v2 API, as the compose default).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

  private static final int EVENTS = 1_000;
  private static final String ADMIN_KEY = "e2e-admin-key-0123456789";
  private static final double RATE = 250;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static HaSimulator simulator;
  private static String database;
  private static InfluxServer influx;
  private static final List<ServiceProcess> services = new ArrayList<>();
  private static ServiceProcess admin;

  @BeforeAll
  static void startPipeline() throws Exception {
    System.out.println("End-to-end against real servers: " + RealServers.describe());
    RedisServer redis = RealServers.redis();
    influx = RealServers.influx();
    database = influx.createDatabase("e2e");
    simulator = HaSimulator.builder().seed(7).entityCount(60).start();

    Map<String, String> redisEnv = new HashMap<>();
    redisEnv.put("REDIS_HOST", redis.host());
    redisEnv.put("REDIS_PORT", Integer.toString(redis.port()));
    if (redis.password() != null) {
      redisEnv.put("REDIS_PASSWORD", redis.password());
    }
    redisEnv.put("REDIS_KEY_PREFIX", "e2e-" + UUID.randomUUID() + ":");

    Map<String, String> ingestion = new HashMap<>(redisEnv);
    ingestion.put("HA_URL", "http://127.0.0.1:" + simulator.port());
    ingestion.put("HA_TOKEN", simulator.token());

    Map<String, String> enrichment = new HashMap<>(redisEnv);
    enrichment.put("INFLUXDB_API_VERSION", "2");
    enrichment.put("INFLUXDB_URL", influx.v2Url());
    enrichment.put("INFLUXDB_TOKEN", influx.token());
    enrichment.put("INFLUXDB_ORG", influx.org());
    enrichment.put("INFLUXDB_BUCKET", database);
    // The simulator, like HA, sometimes reports "unavailable": keep those as state-only points
    // (HA drops them) so that every emitted event has its point.
    enrichment.put("INFLUXDB_KEEP_UNAVAILABLE", "true");

    Map<String, String> adminEnv = new HashMap<>(redisEnv);
    if (influx.kind().contains("2.")) {
      adminEnv.put("INFLUXDB_API_VERSION", "2");
      adminEnv.put("INFLUXDB_TOKEN", influx.token());
      adminEnv.put("INFLUXDB_ORG", influx.org());
      adminEnv.put("INFLUXDB_BUCKET", database);
    } else {
      adminEnv.put("INFLUXDB_API_VERSION", "1");
      adminEnv.put("INFLUXDB_DATABASE", database);
    }
    adminEnv.put("INFLUXDB_URL", influx.url());
    adminEnv.put("ADMIN_API_KEY", ADMIN_KEY);

    services.add(ServiceProcess.start("ingestion", ingestion));
    services.add(ServiceProcess.start("enrichment", enrichment));
    admin = ServiceProcess.start("admin", adminEnv);
    services.add(admin);
    for (ServiceProcess service : services) {
      service.awaitReady(START_TIMEOUT);
    }
    await("ingestion subscribed to state_changed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> simulator.subscriptionCount() >= 1);
  }

  @AfterAll
  static void stopPipeline() {
    services.forEach(ServiceProcess::close);
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  @Order(1)
  void everyEmittedEventBecomesExactlyOnePointWithHaSchemaAndIsServedByTheApi() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    simulator.emit(EVENTS, RATE);
    List<EmittedEvent> emitted =
        simulator.emitted().stream().filter(e -> !e.timeFired().isBefore(before)).toList();
    assertThat(emitted).hasSize(EVENTS);
    assertThat(emitted.stream().map(EmittedEvent::entityId).distinct().count())
        .isGreaterThanOrEqualTo(50);

    Map<String, Map<String, Object>> points = new HashMap<>();
    await("all points in InfluxDB")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              points.clear();
              points.putAll(pointsSince(before));
              assertThat(emitted)
                  .filteredOn(e -> !points.containsKey(identity(e.entityId(), e.timeFired())))
                  .as("emitted events without their point")
                  .isEmpty();
              assertThat(points).hasSize(EVENTS);
            });

    for (EmittedEvent event : emitted) {
      Map<String, Object> point = points.get(identity(event.entityId(), event.timeFired()));
      assertThat(point).as("point of %s at %s", event.entityId(), event.timeFired()).isNotNull();
      assertHaSchema(event.newState(), point);
    }

    String busiest =
        emitted.stream()
            .collect(Collectors.groupingBy(EmittedEvent::entityId, Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    Set<Instant> expectedTimes =
        emitted.stream()
            .filter(e -> e.entityId().equals(busiest))
            .map(EmittedEvent::timeFired)
            .collect(Collectors.toSet());
    JsonNode body =
        getJson(
            "/api/v1/events?entity_id="
                + busiest
                + "&start="
                + encode(before.toString())
                + "&end="
                + encode(Instant.now().plusSeconds(1).toString())
                + "&limit=1000");
    Set<Instant> servedTimes = new HashSet<>();
    for (JsonNode served : body.get("events")) {
      assertThat(served.get("entity_id").stringValue()).isEqualTo(busiest);
      servedTimes.add(HaTimestamps.parse(served.get("time").stringValue()));
    }
    assertThat(servedTimes).isEqualTo(expectedTimes);
  }

  @Test
  @Order(2)
  void configurationChangeReachesIngestionAndEnrichmentWithinOneSecond() throws Exception {
    String patch =
        """
        {"filter": {"exclude": {"domains": ["light"]}},
         "schema": {"override_measurement": "e2e_override", "keep_unavailable": true}}
        """;
    HttpResponse<String> changed = send("PATCH", "/api/v1/config", patch, configVersion());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    Instant applied = Instant.now().plusSeconds(1);
    try {
      simulator.emit(300, 150);
      List<EmittedEvent> afterApplied =
          simulator.emitted().stream().filter(e -> e.timeFired().isAfter(applied)).toList();
      List<EmittedEvent> lights =
          afterApplied.stream().filter(e -> e.entityId().startsWith("light.")).toList();
      List<EmittedEvent> others =
          afterApplied.stream().filter(e -> !e.entityId().startsWith("light.")).toList();
      assertThat(lights).as("the test needs light events to exclude").isNotEmpty();

      // enrichment applied the new schema (one measurement for all), ingestion the new filter
      await("points of the new configuration")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Map<String, Map<String, Object>> points = pointsSince(applied);
                assertThat(points.keySet()).noneMatch(key -> key.startsWith("light."));
                assertThat(points.values())
                    .allSatisfy(p -> assertThat(p.get("_measurement")).isEqualTo("e2e_override"));
                assertThat(points).hasSize(others.size());
              });
      assertThat(metric(services.get(0), "ha_ingestor_ingestion_events_filtered_total"))
          .isGreaterThanOrEqualTo(lights.size());
    } finally {
      HttpResponse<String> restored =
          send("PATCH", "/api/v1/config", "{\"filter\": null, \"schema\": null}", configVersion());
      assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    }
  }

  @Test
  @Order(3)
  void replayedDeadLettersLandInInfluxDbOnce() throws Exception {
    // A string "value" in the measurement makes InfluxDB refuse the float value of the event.
    long before = HaTimestamps.toEpochMicros(Instant.now().minusSeconds(3600)) * 1_000;
    influx
        .influxQl()
        .write(
            database, "e2e_unit,domain=sensor,entity_id=e2e_other value=\"text\" " + before, "ns");
    EmittedEvent probe =
        simulator.emitState("sensor.e2e_probe", "12.5", Map.of("unit_of_measurement", "e2e_unit"));

    List<String> deadLetterIds = new ArrayList<>();
    await("the refused point in the dead letters")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              deadLetterIds.clear();
              for (JsonNode entry :
                  getJson("/api/v1/dead-letters?reason=influxdb_rejected").get("dead_letters")) {
                if ("sensor.e2e_probe".equals(entry.path("entity_id").asString())) {
                  deadLetterIds.add(entry.get("id").stringValue());
                }
              }
              assertThat(deadLetterIds).hasSize(1);
            });

    // The user fixes the conflict, then replays.
    influx.influxQl().query(database, "DROP MEASUREMENT \"e2e_unit\"");
    HttpResponse<String> replay =
        send(
            "POST",
            "/api/v1/dead-letters/replay",
            "{\"ids\": [\"" + deadLetterIds.get(0) + "\"]}",
            null);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
    assertThat(JSON.readTree(replay.body()).get("replayed")).hasSize(1);

    await("the replayed point in InfluxDB")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<InfluxQl.Series> series =
                  influx.influxQl().query(database, "SELECT * FROM \"e2e_unit\"");
              assertThat(series).hasSize(1);
              assertThat(series.get(0).rows())
                  .singleElement()
                  .satisfies(
                      row -> {
                        assertThat(row.get("time")).isEqualTo(probe.timeFired());
                        assertThat(((Number) row.get("value")).doubleValue()).isEqualTo(12.5);
                      });
            });
    assertThat(getJson("/api/v1/dead-letters?reason=influxdb_rejected").get("dead_letters"))
        .noneMatch(entry -> entry.get("id").stringValue().equals(deadLetterIds.get(0)));
  }

  private static String configVersion() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/config", null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("ETag").orElseThrow();
  }

  private static HttpResponse<String> send(String method, String path, String body, String ifMatch)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(admin.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-API-Key", ADMIN_KEY)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header(
          "Content-Type",
          method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a counter's series on a service's Prometheus endpoint. */
  private static double metric(ServiceProcess service, String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** HA's InfluxDB integration rules, written out independently of the enrichment code. */
  private static void assertHaSchema(HaState state, Map<String, Object> point) {
    Object unit = state.attributes().get("unit_of_measurement");
    String expectedMeasurement = unit instanceof String u && !u.isEmpty() ? u : state.entityId();
    assertThat(point.get("_measurement")).isEqualTo(expectedMeasurement);
    assertThat(point.get("domain")).isEqualTo(state.domain());
    assertThat(point.get("entity_id")).isEqualTo(state.objectId());
    Double number = parseFloat(state.state());
    Double mapped = onOff(state.state());
    if (List.of("unavailable", "unknown", "").contains(state.state())) {
      assertThat(point.get("value")).isNull();
      assertThat(point.get("state")).isEqualTo(state.state());
    } else if (number != null) {
      assertThat(((Number) point.get("value")).doubleValue()).isEqualTo(number);
      assertThat(point.get("state")).isNull();
    } else if (mapped != null) {
      assertThat(((Number) point.get("value")).doubleValue()).isEqualTo(mapped);
      assertThat(point.get("state")).isEqualTo(state.state());
    } else {
      assertThat(point.get("value")).isNull();
      assertThat(point.get("state")).isEqualTo(state.state());
    }
    Object friendlyName = state.attributes().get("friendly_name");
    if (friendlyName != null) {
      assertThat(point.get("friendly_name_str")).isEqualTo(friendlyName);
    }
  }

  private static Double parseFloat(String state) {
    try {
      return Double.parseDouble(state);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double onOff(String state) {
    return switch (state) {
      case "on", "open", "home", "locked", "above_horizon" -> 1.0;
      case "off", "closed", "not_home", "unlocked", "below_horizon" -> 0.0;
      default -> null;
    };
  }

  /** Every point written since {@code since}, keyed by (entity_id, time). */
  private static Map<String, Map<String, Object>> pointsSince(Instant since) {
    InfluxQl influxQl = influx.influxQl();
    Map<String, Map<String, Object>> byIdentity = new HashMap<>();
    for (InfluxQl.Series series :
        influxQl.query(database, "SELECT * FROM /.*/ WHERE time >= '" + since + "'")) {
      for (Map<String, Object> row : series.rows()) {
        Map<String, Object> point = new HashMap<>(row);
        point.put("_measurement", series.name());
        String entityId = row.get("domain") + "." + row.get("entity_id");
        Map<String, Object> previous =
            byIdentity.put(identity(entityId, (Instant) row.get("time")), point);
        assertThat(previous).as("duplicate point for %s", entityId).isNull();
      }
    }
    return byIdentity;
  }

  private static String identity(String entityId, Instant time) {
    return entityId + "@" + time;
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
