package dev.haingestor.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code state_changed} event as it travels through the pipeline.
 *
 * @param entityId the entity that changed
 * @param timeFired when HA fired the event; equals {@code newState.lastUpdated} for live events
 * @param newState the new state, or {@code null} when the entity was removed
 * @param source live subscription or recorder backfill
 * @param receivedAt when the ingestion service read the event off the socket (latency measurement)
 */
public record StateChangedEvent(
    String entityId, Instant timeFired, HaState newState, EventSource source, Instant receivedAt) {

  public StateChangedEvent {
    EntityIds.requireValid(entityId);
    Objects.requireNonNull(timeFired, "timeFired");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public boolean isRemoval() {
    return newState == null;
  }
}
