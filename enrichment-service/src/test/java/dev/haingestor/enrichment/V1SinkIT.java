package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The v1 sink ({@code INFLUXDB_API_VERSION=1}) writes to InfluxDB 1.x's native {@code /write}. */
class V1SinkIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void writesPointsThroughTheV1ApiWithMicrosecondPrecision() {
    RedisKeys keys = uniqueKeys("v1");
    String database = influx.createDatabase("enrichment_v1");
    Instant t1 = recentMicros(1);
    Instant t2 = recentMicros(2);
    add(keys, event("sensor.power", "1234.5", t1, Map.of("unit_of_measurement", "W")));
    add(keys, event("sensor.power", "99", t2, Map.of("unit_of_measurement", "W")));
    add(
        keys,
        event("lock.front", "locked", recentMicros(3), Map.of("friendly_name", "Front, \"main\"")));

    try (ConfigurableApplicationContext service =
        startService(
            keys,
            "v1-consumer",
            Map.of(
                "influxdb.api-version", "1",
                "influxdb.url", influx.url(),
                "influxdb.database", database,
                "influxdb.retention-policy", "autogen",
                // "us" must reach InfluxDB 1.x as "u", or it stores times 1000x too early.
                "influxdb.precision", "us"))) {

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(rows(database, "SELECT value FROM \"W\" WHERE entity_id = 'power'"))
                      .hasSize(2));
      List<Map<String, Object>> power =
          rows(database, "SELECT value FROM \"W\" WHERE entity_id = 'power' ORDER BY time");
      assertThat(power.get(0).get("time")).isEqualTo(t1);
      assertThat(((Number) power.get(0).get("value")).doubleValue()).isEqualTo(1234.5);
      assertThat(power.get(1).get("time")).isEqualTo(t2);

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(rows(database, "SELECT * FROM \"lock.front\"")).hasSize(1));
      Map<String, Object> lock = rows(database, "SELECT * FROM \"lock.front\"").get(0);
      assertThat(lock)
          .containsEntry("state", "locked")
          .containsEntry("friendly_name_str", "Front, \"main\"")
          .containsEntry("domain", "lock");

      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    }
  }

  private static List<Map<String, Object>> rows(String database, String query) {
    return influxQl.query(database, query).stream().flatMap(s -> s.rows().stream()).toList();
  }
}
