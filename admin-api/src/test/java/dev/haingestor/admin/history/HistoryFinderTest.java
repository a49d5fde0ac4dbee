package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryFinderTest {

  @Test
  void buildsTheAggregateFromConstantsAndBindParametersOnly() {
    String statement =
        HistoryFinder.aggregateStatement(Aggregation.MAX, Duration.ofMinutes(5), 2000);

    assertThat(statement)
        .isEqualTo(
            "SELECT max(\"value\") AS \"value\" FROM /.*/ WHERE \"domain\" = $domain AND"
                + " \"entity_id\" = $object_id AND time >= $start AND time <= $end"
                + " GROUP BY time(300s) fill(none) LIMIT 2001");
  }

  @Test
  void buildsTheRawQueryWithOneMoreRowThanAllowed() {
    assertThat(HistoryFinder.rawStatement(100))
        .isEqualTo(
            "SELECT \"value\" FROM /.*/ WHERE \"domain\" = $domain AND \"entity_id\" = $object_id"
                + " AND time >= $start AND time <= $end ORDER BY time ASC LIMIT 101");
  }

  @Test
  void bindsTheEntityAndTheRange() {
    HistoryQuery.Resolved plan =
        new HistoryQuery.Resolved(
            Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00.000001Z"),
            true,
            Duration.ofSeconds(10),
            Aggregation.MEAN);

    assertThat(HistoryFinder.parameters("sensor.living_temp", plan))
        .containsEntry("domain", "sensor")
        .containsEntry("object_id", "living_temp")
        .containsEntry("start", "2024-05-01T00:00:00Z")
        .containsEntry("end", "2024-05-01T01:00:00.000001Z");
  }

  @Test
  void namesBucketsInTheLargestWholeUnit() {
    assertThat(HistoryFinder.compact(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(HistoryFinder.compact(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(HistoryFinder.compact(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(HistoryFinder.compact(Duration.ofDays(2))).isEqualTo("2d");
  }
}
