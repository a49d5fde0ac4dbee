package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import tools.jackson.databind.JsonNode;

/**
 * The service as one process against real Redis and InfluxDB, writing through the v2 API
 * (influxdb-client-java): events become HA-schema points, skipped and broken entries are
 * acknowledged, rejected data goes to the dead-letter stream, and the service keeps going.
 */
class PointsReachInfluxDbIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static RedisKeys keys;
  private static String database;
  private static ConfigurableApplicationContext service;
  private static RecordId addedBeforeStart;
  private static Instant earlyTime;

  @BeforeAll
  static void startServiceAfterAnEntryAlreadyExists() {
    keys = uniqueKeys("v2");
    database = influx.createDatabase("enrichment_v2");
    earlyTime = recentMicros(0);
    // Added before the consumer group exists: the group starts at 0, so it must not be skipped.
    addedBeforeStart =
        add(keys, event("sensor.early", "5", earlyTime, Map.of("unit_of_measurement", "W")));
    service = startService(keys, "v2-consumer", v2Sink(influx.v2Url(), database));
  }

  @AfterAll
  static void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void writesHaSchemaPointsWithMicrosecondTimestampsAndAcknowledgesEverything() {
    Instant t1 = recentMicros(1);
    Instant t2 = recentMicros(2);
    Map<String, Object> temperature = new LinkedHashMap<>();
    temperature.put("unit_of_measurement", "°C");
    temperature.put("friendly_name", "Living room");
    temperature.put("battery", 87);
    add(keys, event("sensor.living_temp", "21.5", t1, temperature));
    add(keys, event("binary_sensor.front_door", "on", t2, Map.of("device_class", "door")));
    add(keys, event("sensor.living_temp", "unavailable", recentMicros(3), temperature));
    add(keys, removal("sensor.gone", recentMicros(4)));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(rows("SELECT * FROM \"°C\" WHERE entity_id = 'living_temp'"))
                    .hasSize(1));
    Map<String, Object> living =
        rows("SELECT * FROM \"°C\" WHERE entity_id = 'living_temp'").get(0);
    assertThat(living.get("time")).isEqualTo(t1);
    assertThat(living.get("domain")).isEqualTo("sensor");
    assertThat(number(living.get("value"))).isEqualTo(21.5);
    assertThat(number(living.get("battery"))).isEqualTo(87.0);
    assertThat(living.get("friendly_name_str")).isEqualTo("Living room");
    assertThat(living).doesNotContainKey("unit_of_measurement_str");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(rows("SELECT * FROM \"binary_sensor.front_door\"")).hasSize(1));
    Map<String, Object> door = rows("SELECT * FROM \"binary_sensor.front_door\"").get(0);
    assertThat(door.get("time")).isEqualTo(t2);
    assertThat(door.get("state")).isEqualTo("on");
    assertThat(number(door.get("value"))).isEqualTo(1.0);
    assertThat(door.get("device_class_str")).isEqualTo("door");
    assertThat(door.get("entity_id")).isEqualTo("front_door");

    List<Map<String, Object>> early = rows("SELECT * FROM \"W\" WHERE entity_id = 'early'");
    assertThat(early).hasSize(1);
    assertThat(early.get(0).get("time")).isEqualTo(earlyTime);

    // Skipped entries (unavailable, removal) are acknowledged with their batch.
    await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    assertThat(redis.opsForStream().range(keys.events(), Range.unbounded())).hasSizeGreaterThan(4);
    assertThat(rows("SELECT * FROM \"°C\"")).hasSize(1);
  }

  @Test
  void deadLettersAnUndecodableEntryWithItsReasonAndAcknowledgesIt() {
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put(StreamFields.SCHEMA_VERSION, "99");
    broken.put(StreamFields.ENTITY_ID, "sensor.future");
    RecordId id = add(keys, broken);

    Map<String, String> deadLetter = awaitDeadLetter(id);

    assertThat(deadLetter)
        .containsEntry(StreamFields.REASON, "unsupported_schema_version")
        .containsEntry(StreamFields.STAGE, "enrichment")
        .containsEntry(StreamFields.ORIGINAL_ID, id.getValue());
    assertThat(deadLetter.get(StreamFields.DETAIL)).contains("99");
    assertThat(JSON.readTree(deadLetter.get(StreamFields.RAW)).get("entity_id").asString())
        .isEqualTo("sensor.future");
    assertThat(HaTimestamps.parse(deadLetter.get(StreamFields.FAILED_AT)))
        .isBefore(Instant.now().plusSeconds(1));
    await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
  }

  @Test
  void fieldTypeConflictIsDeadLetteredWithInfluxDbsErrorAndTheServiceKeepsGoing() {
    // The field "value" of measurement kW already holds a string in this shard.
    influxQl.write(
        database,
        "kW,domain=sensor,entity_id=other value=\"text\" "
            + (recentMicros(10).getEpochSecond() * 1_000_000_000L),
        "ns");
    RecordId conflicting =
        add(
            keys,
            event("sensor.heater", "3.5", recentMicros(11), Map.of("unit_of_measurement", "kW")));

    Map<String, String> deadLetter = awaitDeadLetter(conflicting);

    assertThat(deadLetter).containsEntry(StreamFields.REASON, "influxdb_rejected");
    assertThat(deadLetter.get(StreamFields.DETAIL)).contains("field type conflict");
    await().atMost(WAIT).until(() -> pendingCount(keys) == 0);

    Instant after = recentMicros(12);
    add(keys, event("sensor.after_conflict", "1", after, Map.of("unit_of_measurement", "Wh")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(rows("SELECT * FROM \"Wh\" WHERE entity_id = 'after_conflict'"))
                    .hasSize(1));
  }

  @Test
  void reportsHealthMetricsAndHeartbeat() throws Exception {
    add(keys, event("sensor.beat", "2", recentMicros(20), Map.of("unit_of_measurement", "V")));
    await().atMost(WAIT).until(() -> rows("SELECT * FROM \"V\"").size() == 1);

    String port = service.getEnvironment().getProperty("local.server.port");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode health =
                  JSON.readTree(get("http://127.0.0.1:" + port + "/actuator/health").body());
              assertThat(health.at("/components/influxdb/status").asString()).isEqualTo("UP");
              assertThat(health.at("/components/influxdb/details/circuitBreaker").asString())
                  .isEqualTo("CLOSED");
              assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");
              assertThat(health.at("/components/consumerGroup/status").asString()).isEqualTo("UP");
              assertThat(health.at("/components/consumerGroup/details/lag").asLong()).isZero();
            });
    String prometheus = get("http://127.0.0.1:" + port + "/actuator/prometheus").body();
    assertThat(prometheus)
        .contains(
            "ha_ingestor_enrichment_points_written_total{application=\"enrichment-service\","
                + "measurement=\"V\"}")
        .contains("ha_ingestor_pipeline_latency_seconds_bucket{")
        .contains("ha_ingestor_enrichment_write_duration_seconds_count{")
        .contains("ha_ingestor_enrichment_batch_size_count{")
        .contains("ha_ingestor_enrichment_events_acknowledged_total{")
        .contains("ha_ingestor_enrichment_group_lag{")
        .contains("ha_ingestor_enrichment_group_pending{")
        .contains("ha_ingestor_enrichment_pending_oldest_age_seconds{")
        .contains(
            "ha_ingestor_enrichment_circuit_breaker_state{application=\"enrichment-service\","
                + "breaker=\"influxdb\",state=\"closed\"} 1.0")
        .contains("ha_ingestor_enrichment_weather_cache_total{");

    // The heartbeat runs every 5 s; wait for one after the write.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        redis
                            .opsForHash()
                            .entries(keys.serviceStatus(ServiceStatusContract.ENRICHMENT_SERVICE)))
                    .containsEntry(ServiceStatusContract.STATUS, "UP")
                    .containsEntry(ServiceStatusContract.INSTANCE, "v2-consumer")
                    .containsKey(ServiceStatusContract.LAST_EVENT_AT));
  }

  @Test
  void keepsTheEntityIndexNewestFirstAndCountsWrittenEventsPerMinute() {
    Instant newer = recentMicros(30);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("unit_of_measurement", "m³");
    attributes.put("device_class", "water");
    attributes.put("friendly_name", "Water Meter");
    add(keys, event("sensor.water_meter", "12.5", newer, attributes));
    await().atMost(WAIT).until(() -> rows("SELECT * FROM \"m³\"").size() == 1);

    // A backfilled, older state of the same entity arrives later: written, but not indexed.
    add(keys, backfill(event("sensor.water_meter", "11.0", newer.minusSeconds(60), attributes)));
    await().atMost(WAIT).until(() -> rows("SELECT * FROM \"m³\"").size() == 2);
    await().atMost(WAIT).until(() -> pendingCount(keys) == 0);

    // Counters and index are written once a second, counters first: both events counted means
    // both states were handed to the index too.
    StatsKeys stats = new StatsKeys(keys);
    await().atMost(WAIT).until(() -> writtenThisAndLastMinutes(stats) == 2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String summary =
                  (String)
                      redis
                          .opsForHash()
                          .get(new EntityIndexKeys(keys).index(), "sensor.water_meter");
              assertThat(summary).isNotNull();
              JsonNode indexed = JSON.readTree(summary);
              assertThat(indexed.get("state").asString()).isEqualTo("12.5");
              assertThat(indexed.get("last_updated").asString())
                  .isEqualTo(HaTimestamps.format(newer));
              assertThat(indexed.get("friendly_name").asString()).isEqualTo("Water Meter");
              assertThat(indexed.get("unit_of_measurement").asString()).isEqualTo("m³");
              assertThat(indexed.get("device_class").asString()).isEqualTo("water");
            });
    assertThat(writtenThisAndLastMinutes(stats)).isEqualTo(2);
  }

  private long writtenThisAndLastMinutes(StatsKeys stats) {
    long epochMinute = StatsKeys.epochMinute(Instant.now());
    long written = 0;
    for (long minute = epochMinute - 2; minute <= epochMinute; minute++) {
      Object count =
          redis
              .opsForHash()
              .get(stats.minute(PipelineStage.WRITTEN, minute), "entity:sensor.water_meter");
      written += count == null ? 0 : Long.parseLong(count.toString());
    }
    return written;
  }

  private static StateChangedEvent backfill(StateChangedEvent live) {
    return new StateChangedEvent(
        live.entityId(), live.timeFired(), live.newState(), EventSource.BACKFILL, Instant.now());
  }

  private static Map<String, String> awaitDeadLetter(RecordId originalId) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                redis.opsForStream().range(keys.deadLetters(), Range.unbounded()).stream()
                    .map(MapRecord::getValue)
                    .map(PointsReachInfluxDbIT::asStrings)
                    .filter(
                        fields ->
                            originalId.getValue().equals(fields.get(StreamFields.ORIGINAL_ID)))
                    .findFirst()
                    .orElse(null),
            found -> found != null);
  }

  private static Map<String, String> asStrings(Map<Object, Object> fields) {
    Map<String, String> strings = new LinkedHashMap<>();
    fields.forEach((k, v) -> strings.put(k.toString(), v.toString()));
    return strings;
  }

  private static List<Map<String, Object>> rows(String influxQlQuery) {
    return influxQl.query(database, influxQlQuery).stream()
        .flatMap(series -> series.rows().stream())
        .toList();
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static StateChangedEvent removal(String entityId, Instant at) {
    return new StateChangedEvent(entityId, at, null, EventSource.LIVE, Instant.now());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
