package dev.haingestor.simulator.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON messages HA sends (websocket_api/messages.py, auth.py). Results and events embed
 * pre-serialized JSON, as HA does, so one event is serialized once for every subscriber.
 */
final class Messages {

  private final JsonMapper mapper;

  Messages(JsonMapper mapper) {
    this.mapper = mapper;
  }

  String authRequired(String haVersion) {
    return mapper.writeValueAsString(typed("auth_required").put("ha_version", haVersion));
  }

  String authOk(String haVersion) {
    return mapper.writeValueAsString(typed("auth_ok").put("ha_version", haVersion));
  }

  String authInvalid(String message) {
    return mapper.writeValueAsString(typed("auth_invalid").put("message", message));
  }

  String result(long id, String resultJson) {
    return "{\"id\":" + id + ",\"type\":\"result\",\"success\":true,\"result\":" + resultJson + "}";
  }

  /**
   * An error result.
   *
   * @param id the message's id as received (HA echoes whatever it got, or null)
   */
  String error(JsonNode id, String code, String message) {
    ObjectNode node = mapper.createObjectNode();
    node.set("id", id == null ? mapper.nullNode() : id);
    node.put("type", "result");
    node.put("success", false);
    ObjectNode error = node.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return mapper.writeValueAsString(node);
  }

  String error(long id, String code, String message) {
    return error(mapper.getNodeFactory().numberNode(id), code, message);
  }

  String pong(long id) {
    return "{\"id\":" + id + ",\"type\":\"pong\"}";
  }

  String event(long subscriptionId, String eventJson) {
    return "{\"id\":" + subscriptionId + ",\"type\":\"event\",\"event\":" + eventJson + "}";
  }

  private ObjectNode typed(String type) {
    ObjectNode node = mapper.createObjectNode();
    node.put("type", type);
    return node;
  }
}
