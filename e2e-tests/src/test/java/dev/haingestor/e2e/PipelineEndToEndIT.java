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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton, end to end and real: the HA simulator, the three service jars started with
 * {@code java -jar} and environment variables as docker-compose passes them, a real Redis and a
 * real InfluxDB (written through the v2 API, as the compose default).
 */
class PipelineEndToEndIT {

  private static final int EVENTS = 1_000;
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
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(admin.baseUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
