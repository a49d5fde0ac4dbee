package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.enrichment.deadletter.DeadLetter;
import dev.haingestor.enrichment.point.LineBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded batch: the lines to write (with the entry and event behind each line, null for a line
 * that belongs to no entry, such as a weather point), what goes to the dead-letter stream, which
 * states update the entity index, and which entities the filter dropped.
 */
final class PreparedBatch {

  final LineBatch lines;
  final List<StreamEntry> lineEntries;
  final List<StateChangedEvent> lineEvents;
  final List<String> lineMeasurements;
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<HaState> states;
  final List<String> filteredEntityIds = new ArrayList<>();
  final List<StateChangedEvent> writtenEvents = new ArrayList<>();
  final List<String> writtenMeasurements = new ArrayList<>();

  PreparedBatch(LineBatch lines, int size) {
    this.lines = lines;
    this.lineEntries = new ArrayList<>(size);
    this.lineEvents = new ArrayList<>(size);
    this.lineMeasurements = new ArrayList<>(size);
    this.states = new ArrayList<>(size);
  }

  Instant newestWrittenTimeFired() {
    Instant newest = null;
    for (StateChangedEvent event : writtenEvents) {
      if (newest == null || event.timeFired().isAfter(newest)) {
        newest = event.timeFired();
      }
    }
    return newest;
  }
}
