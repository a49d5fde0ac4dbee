package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.IngestionConfig;
import dev.haingestor.common.config.filter.AttributeFilter;
import dev.haingestor.common.config.filter.EntityFilter;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Duration;
import java.util.Map;

/**
 * What ingestion lets through and how fast, as one immutable snapshot: the environment defaults
 * overridden section by section by the runtime configuration (common/RUNTIME_CONFIG.md §1). Swapped
 * as a whole by {@link ShapingHolder}, so an event never sees half of an update.
 *
 * @param configVersion the runtime configuration version it came from; 0 = environment only
 */
public record Shaping(
    long configVersion,
    EntityFilter entityFilter,
    AttributeFilter attributeFilter,
    int maxProcessingRate,
    boolean snapshotOnStart,
    Duration republishInterval) {

  static Shaping of(
      long configVersion, EntityFilter entities, AttributeFilter attributes, IngestionConfig rest) {
    return new Shaping(
        configVersion,
        entities,
        attributes,
        rest.maxProcessingRate(),
        rest.snapshotOnStart(),
        rest.republishInterval());
  }

  /** Whether events of this entity are ingested at all. */
  public boolean admits(String entityId) {
    return entityFilter.test(entityId);
  }

  /** The event with only the attributes that are kept; the event itself when all are. */
  public StateChangedEvent shape(StateChangedEvent event) {
    HaState state = event.newState();
    if (state == null || state.attributes().isEmpty()) {
      return event;
    }
    Map<String, Object> kept = attributeFilter.apply(state.domain(), state.attributes());
    if (kept == state.attributes()) {
      return event;
    }
    return new StateChangedEvent(
        event.entityId(),
        event.timeFired(),
        new HaState(
            state.entityId(), state.state(), kept, state.lastChanged(), state.lastUpdated()),
        event.source(),
        event.receivedAt());
  }
}
