package dev.haingestor.admin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.stats.PipelineStage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsReaderTest {

  private static final Instant FROM = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2024-05-01T10:04:00Z");

  private static StageCounts counts(String... fieldsAndValues) {
    StageCounts counts = new StageCounts();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      counts.add(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return counts;
  }

  @Test
  void computesRatesDomainsAndTopEntities() {
    Map<PipelineStage, StageCounts> stages = new EnumMap<>(PipelineStage.class);
    stages.put(
        PipelineStage.RECEIVED,
        counts(
            "total", "480",
            "domain:sensor", "360",
            "domain:light", "120",
            "entity:sensor.a", "300",
            "entity:sensor.b", "60",
            "entity:light.x", "120"));
    stages.put(
        PipelineStage.WRITTEN,
        counts("total", "240", "domain:sensor", "240", "entity:sensor.a", "240"));
    stages.put(PipelineStage.REJECTED, counts("total", "3"));
    stages.put(PipelineStage.DEAD_LETTERED, counts("total", "2"));
    stages.put(PipelineStage.BACKFILLED, counts("total", "24"));

    StatsReport report =
        StatsReader.report(new StatsQuery(StatsWindow.FIVE_MINUTES, 2), stages, FROM, NOW);

    assertThat(report.seconds()).isEqualTo(240);
    assertThat(report.eventsIn()).isEqualTo(new StatsReport.Rate(480, 2.0));
    assertThat(report.eventsOut()).isEqualTo(new StatsReport.Rate(240, 1.0));
    assertThat(report.stages())
        .containsEntry("backfilled", new StatsReport.Rate(24, 0.1))
        .containsEntry("filtered", new StatsReport.Rate(0, 0.0))
        .hasSize(PipelineStage.values().length);
    assertThat(report.domains())
        .extracting(StatsReport.DomainStats::domain)
        .containsExactly("sensor", "light");
    assertThat(report.domains().get(0).out()).isEqualTo(new StatsReport.Rate(240, 1.0));
    assertThat(report.topEntities())
        .extracting(StatsReport.EntityStats::entityId)
        .containsExactly("sensor.a", "light.x");
    assertThat(report.errors()).isEqualTo(3);
    assertThat(report.deadLetters()).isEqualTo(2);
    assertThat(report.backfilled()).isEqualTo(24);
    assertThat(report.from()).isEqualTo("2024-05-01T10:00:00+00:00");
  }

  @Test
  void ranksByEventsOutWhenNothingWasCountedIn() {
    Map<PipelineStage, StageCounts> stages = new EnumMap<>(PipelineStage.class);
    stages.put(PipelineStage.WRITTEN, counts("entity:sensor.a", "1", "entity:sensor.b", "5"));

    StatsReport report =
        StatsReader.report(new StatsQuery(StatsWindow.FIVE_MINUTES, 10), stages, FROM, NOW);

    assertThat(report.topEntities())
        .extracting(StatsReport.EntityStats::entityId)
        .containsExactly("sensor.b", "sensor.a");
    assertThat(report.eventsIn().count()).isZero();
  }

  @Test
  void ignoresValuesThatAreNotCounts() {
    StageCounts counts = counts("total", "x", "total", "2", "domain:", "1", "other", "5");

    assertThat(counts.total()).isEqualTo(2);
  }
}
