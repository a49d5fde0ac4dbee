package dev.haingestor.benchmarks.phase;

import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.testsupport.InfluxQl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the points in InfluxDB by identity — {@code (entity_id, time)}, as a point's identity is
 * its tags and timestamp — against the events the simulator fired. An event without its point is
 * lost; nothing else is.
 */
final class PointCensus {

  /** Rows per query, so that a large phase does not become one huge answer. */
  private static final int ROWS_PER_QUERY = 50_000;

  private final InfluxQl influxQl;
  private final String database;

  PointCensus(InfluxQl influxQl, String database) {
    this.influxQl = influxQl;
    this.database = database;
  }

  /**
   * @param expected events that must have their point
   * @param found how many of them have it
   * @param unexpected points in the phase's time window that belong to no event of the phase
   * @param removals events of removed entities (no point is due)
   * @param missingSample up to 5 lost events, for the report
   * @param missing the events without their point
   */
  record Result(
      int expected,
      int found,
      int unexpected,
      int removals,
      List<String> missingSample,
      List<EmittedEvent> missing) {

    int missingCount() {
      return expected - found;
    }

    boolean zeroLoss() {
      return found == expected;
    }
  }

  /** The census of {@code events}, which were fired in time order. */
  Result count(List<EmittedEvent> events) {
    Set<String> expected = new HashSet<>();
    List<Instant> times = new ArrayList<>();
    int removals = 0;
    for (EmittedEvent event : events) {
      if (event.newState() == null) {
        removals++;
        continue;
      }
      expected.add(identity(event.entityId(), event.timeFired()));
      times.add(event.timeFired());
    }
    if (times.isEmpty()) {
      return new Result(0, 0, 0, removals, List.of(), List.of());
    }
    Set<String> present = new HashSet<>();
    int unexpected = 0;
    for (int start = 0; start < times.size(); start += ROWS_PER_QUERY) {
      Instant from = times.get(start);
      int last = Math.min(times.size(), start + ROWS_PER_QUERY) - 1;
      Instant to = times.get(last);
      // Half-open windows, except the last one, so that no point is counted twice.
      boolean lastWindow = last == times.size() - 1;
      Instant next = lastWindow ? to : times.get(last + 1);
      for (String identity : pointsBetween(from, next, lastWindow)) {
        if (expected.contains(identity)) {
          present.add(identity);
        } else {
          unexpected++;
        }
      }
    }
    List<EmittedEvent> missing =
        events.stream()
            .filter(e -> e.newState() != null)
            .filter(e -> !present.contains(identity(e.entityId(), e.timeFired())))
            .toList();
    List<String> missingSample =
        missing.stream().limit(5).map(e -> identity(e.entityId(), e.timeFired())).toList();
    return new Result(
        expected.size(), present.size(), unexpected, removals, missingSample, missing);
  }

  private List<String> pointsBetween(Instant from, Instant to, boolean inclusive) {
    String query =
        "SELECT \"value\",\"state\",\"domain\",\"entity_id\" FROM /.*/ WHERE time >= '"
            + from
            + "' AND time "
            + (inclusive ? "<=" : "<")
            + " '"
            + to
            + "'";
    List<String> identities = new ArrayList<>();
    for (InfluxQl.Series series : influxQl.query(database, query)) {
      for (Map<String, Object> row : series.rows()) {
        identities.add(identity(row.get("domain") + "." + row.get("entity_id"), row.get("time")));
      }
    }
    return identities;
  }

  private static String identity(String entityId, Object time) {
    return entityId + "@" + time;
  }
}
