package dev.haingestor.common.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entity's state as HA reports it ({@code new_state} of a {@code state_changed} event).
 *
 * @param entityId full entity id, {@code <domain>.<object_id>}
 * @param state the state string (HA caps it at 255 characters); {@code unavailable}/{@code unknown}
 *     are special values
 * @param attributes attribute values as parsed JSON: String, Number, Boolean, List, Map or null
 * @param lastChanged when the state string last changed
 * @param lastUpdated when the state or an attribute last changed; the point's timestamp
 */
public record HaState(
    String entityId,
    String state,
    Map<String, Object> attributes,
    Instant lastChanged,
    Instant lastUpdated) {

  public HaState {
    EntityIds.requireValid(entityId);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    attributes = attributes == null ? Map.of() : attributes;
    lastChanged = lastChanged == null ? lastUpdated : lastChanged;
  }

  public String domain() {
    return EntityIds.domain(entityId);
  }

  public String objectId() {
    return EntityIds.objectId(entityId);
  }
}
