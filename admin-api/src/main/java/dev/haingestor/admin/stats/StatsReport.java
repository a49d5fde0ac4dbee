package dev.haingestor.admin.stats;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/stats}.
 *
 * @param window the window's wire name ({@code 5m}, {@code 1h}, {@code 24h})
 * @param from start of the oldest minute summed (HA timestamp)
 * @param to the time of the report; the current minute is included up to here
 * @param seconds {@code to - from}, the divisor of every rate
 * @param eventsIn events received from HA (stage {@code received})
 * @param eventsOut events written to InfluxDB (stage {@code written})
 * @param stages every stage by its wire name
 * @param domains per domain, most events in first
 * @param topEntities the entities with most events in, most first
 * @param errors events refused as invalid (stage {@code rejected})
 * @param deadLetters events moved to the dead-letter stream (stage {@code dead_lettered})
 * @param backfilled events recovered from HA's recorder (stage {@code backfilled})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsReport(
    String window,
    String from,
    String to,
    long seconds,
    Rate eventsIn,
    Rate eventsOut,
    Map<String, Rate> stages,
    List<DomainStats> domains,
    List<EntityStats> topEntities,
    long errors,
    long deadLetters,
    long backfilled) {

  /** A count over the window and its average per second (three decimals). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Rate(long count, double perSecond) {

    static Rate of(long count, long seconds) {
      return new Rate(count, Math.round(count * 1000.0 / seconds) / 1000.0);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DomainStats(String domain, Rate in, Rate out) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record EntityStats(String entityId, Rate in, Rate out) {}
}
