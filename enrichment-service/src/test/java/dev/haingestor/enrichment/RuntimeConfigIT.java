package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.runtime.RuntimeSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A runtime configuration stored through the shared contract (as admin-api stores it) is applied by
 * the running service within a second: schema overrides, the entity filter and batch sizes.
 */
class RuntimeConfigIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void appliesSchemaFilterAndBatchingFromTheStoredDocumentWhileRunning() {
    RedisKeys keys = uniqueKeys("runtime");
    String database = influx.createDatabase("enrichment_runtime");
    try (ConfigurableApplicationContext service =
        startService(keys, "runtime-consumer", v2Sink(influx.v2Url(), database))) {
      RuntimeConfigStore store =
          new RuntimeConfigStore(service.getBean(ReactiveStringRedisTemplate.class), keys);
      store
          .replace(
              new RuntimeConfigJson()
                  .read(
                      """
                      {"enrichment": {"batch_size": 5},
                       "schema": {"component_config": {"sensor.runtime_a": {"override_measurement": "runtime"}},
                                  "tags": {"instance": "home"}},
                       "filter": {"exclude": {"entities": ["sensor.runtime_b"]}}}
                      """),
              RuntimeConfig.empty().version(),
              "test")
          .block(Duration.ofSeconds(5));
      RuntimeSettings settings = service.getBean(RuntimeSettings.class);
      await().atMost(WAIT).until(() -> settings.current().version() == 1);

      for (int i = 0; i < 10; i++) {
        add(
            keys,
            event(
                "sensor.runtime_a",
                Integer.toString(i),
                recentMicros(i),
                Map.of("unit_of_measurement", "W")));
        add(
            keys,
            event(
                "sensor.runtime_b",
                Integer.toString(i),
                recentMicros(i),
                Map.of("unit_of_measurement", "W")));
        add(
            keys,
            event(
                "sensor.runtime_c",
                Integer.toString(i),
                recentMicros(i),
                Map.of("unit_of_measurement", "W")));
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(pendingCount(keys)).isZero();
                assertThat(totalPoints(database, "W")).isEqualTo(10);
              });

      assertThat(countByEntity(database, "runtime")).containsExactly(Map.entry("runtime_a", 10L));
      assertThat(countByEntity(database, "W")).containsExactly(Map.entry("runtime_c", 10L));
      assertThat(
              influxQl.query(database, "SHOW TAG VALUES FROM \"runtime\" WITH KEY = \"instance\""))
          .isNotEmpty();
      MeterRegistry meters = service.getBean(MeterRegistry.class);
      assertThat(meters.get(MetricNames.ENRICHMENT_BATCH_SIZE).summary().max())
          .isLessThanOrEqualTo(5);
      assertThat(meters.get(MetricNames.ENRICHMENT_EVENTS_FILTERED).counter().count())
          .isEqualTo(10);
    }
  }
}
