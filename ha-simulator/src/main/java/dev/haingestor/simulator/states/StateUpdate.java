package dev.haingestor.simulator.states;

import dev.haingestor.common.event.EntityIds;
import java.util.Map;
import java.util.Objects;

/** A request to set an entity's state, as {@code hass.states.async_set} receives it. */
public record StateUpdate(String entityId, String state, Map<String, Object> attributes) {

  /** HA rejects longer states (homeassistant/core.py MAX_LENGTH_STATE_STATE). */
  public static final int MAX_STATE_LENGTH = 255;

  public StateUpdate {
    EntityIds.requireValid(entityId);
    Objects.requireNonNull(state, "state");
    if (state.length() > MAX_STATE_LENGTH) {
      throw new IllegalArgumentException(
          "state of " + entityId + " is longer than " + MAX_STATE_LENGTH + " characters");
    }
    attributes = AttributeValues.copyOf(attributes);
  }
}
