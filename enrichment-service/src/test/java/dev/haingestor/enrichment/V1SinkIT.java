package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
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

  /**
   * A lone event is written as it is; a batch worth compressing goes gzipped, and InfluxDB stores
   * both.
   */
  @Test
  void gzipsOnlyBodiesWorthCompressing() {
    RedisKeys keys = uniqueKeys("v1gzip");
    String database = influx.createDatabase("enrichment_v1_gzip");
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(influx.url());
        ConfigurableApplicationContext service =
            startService(
                keys,
                "v1-gzip",
                Map.of(
                    "influxdb.api-version", "1",
                    "influxdb.url", proxy.url(),
                    "influxdb.database", database,
                    "influxdb.gzip", "true",
                    // A lone entry waits the batch timeout for more: one small write, then
                    // batches of at least 50 lines.
                    "enrichment.consumer.min-batch-size", "50"))) {
      add(keys, event("sensor.lone", "1", recentMicros(10), Map.of("unit_of_measurement", "Wh")));
      await().atMost(WAIT).until(() -> totalPoints(database, "Wh") == 1);
      addAll(keys, numericEvents("batch", 200, 4, "Wh", recentMicros(20)));
      await().atMost(WAIT).until(() -> totalPoints(database, "Wh") == 201);

      List<FaultInjectingHttpProxy.RecordedRequest> writes =
          proxy.recentRequests().stream().filter(r -> r.uri().startsWith("/write")).toList();
      assertThat(writes.get(0).contentEncoding()).isNull();
      assertThat(writes.get(0).bodyBytes()).isLessThan(1024);
      assertThat(writes).anySatisfy(write -> assertThat(write.contentEncoding()).isEqualTo("gzip"));
      // The batch timeout may leave a last small batch: sent as it is too.
      assertThat(writes)
          .filteredOn(write -> write.contentEncoding() == null)
          .allSatisfy(write -> assertThat(write.bodyBytes()).isLessThan(1024));
    }
  }

  private static List<Map<String, Object>> rows(String database, String query) {
    return influxQl.query(database, query).stream().flatMap(s -> s.rows().stream()).toList();
  }
}
