package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import java.util.Collection;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes states and events exactly as HA does ({@code State.as_dict}, {@code Event.as_dict}),
 * with the same key order, although clients must not rely on it.
 */
public final class StateJson {

  private final JsonMapper mapper;

  public StateJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode state(EntityState entityState) {
    HaState state = entityState.state();
    ObjectNode node = mapper.createObjectNode();
    node.put("entity_id", state.entityId());
    node.put("state", state.state());
    node.set("attributes", mapper.valueToTree(state.attributes()));
    node.put("last_changed", HaTimestamps.format(state.lastChanged()));
    // last_reported (HA 2024.3+) moves on identical re-reports too; nothing re-reports here.
    node.put("last_reported", HaTimestamps.format(state.lastUpdated()));
    node.put("last_updated", HaTimestamps.format(state.lastUpdated()));
    node.set("context", context(entityState.contextId()));
    return node;
  }

  /** The JSON array {@code get_states} answers with. */
  public String states(Collection<EntityState> states) {
    ArrayNode array = mapper.createArrayNode();
    states.forEach(state -> array.add(state(state)));
    return mapper.writeValueAsString(array);
  }

  /** The {@code event} object of a {@code state_changed} event. */
  public String stateChangedEvent(
      String entityId, EntityState oldState, EntityState newState, Instant timeFired) {
    ObjectNode data = mapper.createObjectNode();
    data.put("entity_id", entityId);
    data.set("old_state", oldState == null ? mapper.nullNode() : state(oldState));
    data.set("new_state", state(newState));
    ObjectNode event = mapper.createObjectNode();
    event.put("event_type", "state_changed");
    event.set("data", data);
    event.put("origin", "LOCAL");
    event.put("time_fired", HaTimestamps.format(timeFired));
    event.set("context", context(newState.contextId()));
    return mapper.writeValueAsString(event);
  }

  private ObjectNode context(String id) {
    ObjectNode context = mapper.createObjectNode();
    context.put("id", id);
    context.putNull("parent_id");
    context.putNull("user_id");
    return context;
  }
}
