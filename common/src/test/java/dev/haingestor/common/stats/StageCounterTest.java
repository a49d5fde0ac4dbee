package dev.haingestor.common.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageCounterTest {

  @Test
  void aggregatesABatchIntoTotalDomainAndEntityCounts() {
    assertThat(StageCounter.increments(List.of("sensor.a", "sensor.a", "light.b")))
        .containsOnly(
            org.assertj.core.api.Assertions.entry("total", 3L),
            org.assertj.core.api.Assertions.entry("domain:sensor", 2L),
            org.assertj.core.api.Assertions.entry("domain:light", 1L),
            org.assertj.core.api.Assertions.entry("entity:sensor.a", 2L),
            org.assertj.core.api.Assertions.entry("entity:light.b", 1L));
  }

  @Test
  void bucketsByEpochMinute() {
    StatsKeys keys = new StatsKeys(dev.haingestor.common.stream.RedisKeys.defaults());
    assertThat(keys.minute(PipelineStage.WRITTEN, Instant.parse("1970-01-01T00:02:59Z")))
        .isEqualTo("ha-ingestor:stats:written:2");
  }
}
