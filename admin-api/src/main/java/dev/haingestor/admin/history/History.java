package dev.haingestor.admin.history;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/entities/{entity_id}/history}.
 *
 * @param entityId the entity
 * @param start the range's start (HA timestamp), inclusive
 * @param end the range's end, inclusive
 * @param raw true when the points are the stored ones; false when downsampled
 * @param every the bucket length when downsampled ({@code 30s}, {@code 5m}, {@code 1h}, {@code
 *     1d}), else {@code null}
 * @param fn the aggregation when downsampled, else {@code null}
 * @param series one per measurement the entity's points are in (usually one: its unit)
 * @param count points over all series
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record History(
    String entityId,
    String start,
    String end,
    boolean raw,
    String every,
    String fn,
    List<Series> series,
    int count) {

  /**
   * @param measurement the InfluxDB measurement
   * @param points by time, oldest first; a bucket's time is its start
   */
  public record Series(String measurement, List<Point> points) {}

  /**
   * One point: HA timestamp and the number ({@code null} never appears: empty buckets are left
   * out).
   */
  public record Point(String time, double value) {}
}
