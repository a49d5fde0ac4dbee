package dev.haingestor.ingestion.ha;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds HA WebSocket messages as HA sends them (HA_PROTOCOL.md §5), for tests. */
final class HaFrames {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private HaFrames() {}

  static ObjectNode stateChanged(String entityId, String state, String timeFired) {
    ObjectNode newState = state(entityId, state, timeFired);
    return stateChanged(entityId, newState, timeFired);
  }

  static ObjectNode stateChanged(String entityId, ObjectNode newState, String timeFired) {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("id", 2);
    message.put("type", "event");
    ObjectNode event = message.putObject("event");
    event.put("event_type", "state_changed");
    ObjectNode data = event.putObject("data");
    data.put("entity_id", entityId);
    data.putNull("old_state");
    data.set("new_state", newState);
    event.put("origin", "LOCAL");
    event.put("time_fired", timeFired);
    ObjectNode context = event.putObject("context");
    context.put("id", "01HX0000000000000000000000");
    context.putNull("parent_id");
    context.putNull("user_id");
    return message;
  }

  static ObjectNode state(String entityId, String state, String lastUpdated) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("entity_id", entityId);
    node.put("state", state);
    node.set("attributes", MAPPER.valueToTree(Map.of("unit_of_measurement", "°C")));
    node.put("last_changed", lastUpdated);
    node.put("last_updated", lastUpdated);
    return node;
  }

  static ObjectNode message(String type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", type);
    return node;
  }

  static ObjectNode result(int id, boolean success) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", id);
    node.put("type", "result");
    node.put("success", success);
    if (success) {
      node.putNull("result");
    } else {
      ObjectNode error = node.putObject("error");
      error.put("code", "unauthorized");
      error.put("message", "Unauthorized");
    }
    return node;
  }

  static ObjectNode pong(int id) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", id);
    node.put("type", "pong");
    return node;
  }

  static String array(ObjectNode... messages) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ObjectNode message : messages) {
      array.add(message);
    }
    return array.toString();
  }
}
