package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.enrichment.deadletter.DeadLetter;
import dev.haingestor.enrichment.point.LineBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded batch: the lines to write (with the entry id and event behind each line, null for a
 * line that belongs to no entry, such as a weather point), what goes to the dead-letter stream, the
 * newest state of each entity for the entity index, and which entities the filter dropped.
 *
 * <p>A batch lives until it is acknowledged, two at a time in the steady state, so it keeps only
 * what the later steps need: of each event the identity that metrics and counters use (not its
 * decoded state, which is most of an event's memory), and one state per entity. Batches that
 * outlive a young collection are copied by it, and at the ceiling they were most of its work.
 */
final class PreparedBatch {

  final LineBatch lines;
  final List<String> lineIds;
  final List<EventOrigin> lineEvents;
  final List<String> lineMeasurements;
  final List<DeadLetter> deadLetters = new ArrayList<>();

  /** Lines InfluxDB refused; they become dead letters once their entries are read again. */
  final List<RefusedLine> refused = new ArrayList<>();

  final Map<String, HaState> newestStates = new HashMap<>();
  final List<String> filteredEntityIds = new ArrayList<>();
  final List<EventOrigin> writtenEvents = new ArrayList<>();
  final List<String> writtenMeasurements = new ArrayList<>();

  PreparedBatch(LineBatch lines, int size) {
    this.lines = lines;
    this.lineIds = new ArrayList<>(size);
    this.lineEvents = new ArrayList<>(size);
    this.lineMeasurements = new ArrayList<>(size);
  }

  /** Keeps the state if it is the entity's newest in this batch (the index keeps the newest). */
  void observe(HaState state) {
    newestStates.merge(
        state.entityId(), state, (a, b) -> b.lastUpdated().isAfter(a.lastUpdated()) ? b : a);
  }

  Instant newestWrittenTimeFired() {
    Instant newest = null;
    for (EventOrigin event : writtenEvents) {
      if (newest == null || event.timeFired().isAfter(newest)) {
        newest = event.timeFired();
      }
    }
    return newest;
  }

  /** An entry whose line InfluxDB refused, with its entity (if the entry is gone) and why. */
  record RefusedLine(String id, String entityId, String error) {}

  /** What is kept of an event behind a line: its entity, when HA fired it, and its source. */
  record EventOrigin(String entityId, Instant timeFired, EventSource source) {

    static EventOrigin of(StateChangedEvent event) {
      return new EventOrigin(event.entityId(), event.timeFired(), event.source());
    }
  }
}
