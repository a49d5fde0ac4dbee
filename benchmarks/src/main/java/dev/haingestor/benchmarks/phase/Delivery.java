package dev.haingestor.benchmarks.phase;

import java.util.List;

/**
 * The zero-loss check of one phase: events fired vs points found in InfluxDB by (entity_id, time).
 *
 * @param expected events that must have a point
 * @param found events whose point is in InfluxDB
 * @param missing events without their point: lost
 * @param unexpected points in the phase's time window that match no event of the phase
 * @param removals removal events (no point is due for them)
 * @param zeroLoss whether every event has its point
 * @param missingSample up to 5 lost events as {@code entity_id@time}
 */
public record Delivery(
    int expected,
    int found,
    int missing,
    int unexpected,
    int removals,
    boolean zeroLoss,
    List<String> missingSample) {

  static Delivery of(PointCensus.Result census) {
    return new Delivery(
        census.expected(),
        census.found(),
        census.missingCount(),
        census.unexpected(),
        census.removals(),
        census.zeroLoss(),
        census.missingSample());
  }
}
