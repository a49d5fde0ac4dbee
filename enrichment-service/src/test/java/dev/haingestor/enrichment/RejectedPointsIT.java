package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.RecordId;

/**
 * InfluxDB refuses one point of a batch (HTTP 400, field type conflict): the batch is split until
 * the refused point stands alone, every other point is written, and only the refused one goes to
 * the dead-letter stream with InfluxDB's error text. HA's integration drops all 100 of its batch.
 */
class RejectedPointsIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BATCH = 1000;

  @Test
  void fieldTypeConflictInsideABatchOfThousandWritesTheOtherNineHundredNinetyNine() {
    RedisKeys keys = uniqueKeys("conflict");
    String database = influx.createDatabase("enrichment_conflict");
    Instant start = recentMicros(0);
    // The field "value" of measurement kWh holds strings in this shard already.
    influxQl.write(
        database,
        "kWh,domain=sensor,entity_id=earlier value=\"text\" "
            + start.minusSeconds(1).getEpochSecond() * 1_000_000_000L,
        "ns");
    List<dev.haingestor.common.event.StateChangedEvent> good =
        numericEvents("meter", BATCH - 1, 20, "W", start);
    // All 1,000 are in the stream before the service starts: they are read as one batch.
    addAll(keys, good.subList(0, 500));
    RecordId conflicting =
        add(
            keys,
            event(
                "sensor.heater",
                "3.5",
                start.plusMillis(5_000),
                Map.of("unit_of_measurement", "kWh")));
    addAll(keys, good.subList(500, good.size()));

    try (FaultInjectingHttpProxy counting = FaultInjectingHttpProxy.start(influx.v2Url());
        ConfigurableApplicationContext service =
            startService(keys, "conflict-consumer", v2Sink(counting.url(), database))) {
      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);

      assertThat(totalPoints(database, "W")).isEqualTo(BATCH - 1);
      assertThat(countByEntity(database, "W"))
          .hasSize(20)
          .allSatisfy((e, n) -> assertThat(n).isIn(49L, 50L));
      List<Map<String, String>> deadLetters = deadLetters(keys);
      assertThat(deadLetters).hasSize(1);
      assertThat(deadLetters.get(0))
          .containsEntry(StreamFields.REASON, "influxdb_rejected")
          .containsEntry(StreamFields.ORIGINAL_ID, conflicting.getValue());
      assertThat(deadLetters.get(0).get(StreamFields.DETAIL)).contains("field type conflict");
      // The entry as read (read again from the stream: the batch let go of it once prepared).
      assertThat(deadLetters.get(0).get(StreamFields.RAW))
          .contains("\"entity_id\":\"sensor.heater\"")
          .contains("kWh");
      MeterRegistry meters = service.getBean(MeterRegistry.class);
      assertThat(meters.get(MetricNames.ENRICHMENT_BATCH_SIZE).summary().max()).isEqualTo(BATCH);
      // Halving isolates one bad line of 1,000 in about 2 × log2(1000) requests, not 1,000.
      assertThat(counting.requestCount()).isBetween(2L, 25L);
    }
  }
}
