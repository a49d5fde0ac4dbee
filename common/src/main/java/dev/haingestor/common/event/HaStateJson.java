package dev.haingestor.common.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes HA State objects ({@code entity_id, state, attributes, last_changed,
 * last_updated}) by key name, never by position: HA's key order is not stable.
 */
public final class HaStateJson {

  private final JsonMapper mapper;

  public HaStateJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Validates and converts a State object.
   *
   * @throws InvalidEventException with the reason the state is unusable
   */
  @SuppressWarnings("unchecked")
  public HaState read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, "state is not a JSON object");
    }
    String entityId = requiredText(node, "entity_id");
    if (!EntityIds.isValid(entityId)) {
      throw new InvalidEventException(
          RejectionReason.INVALID_ENTITY_ID, "invalid entity_id: " + abbreviate(entityId));
    }
    JsonNode state = node.get("state");
    if (state == null || state.isNull()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, "state is missing");
    }
    if (!state.isString()) {
      throw new InvalidEventException(
          RejectionReason.STATE_NOT_STRING, "state is " + state.getNodeType() + ", not a string");
    }
    Instant lastUpdated = requiredTime(node, "last_updated");
    Instant lastChanged =
        node.hasNonNull("last_changed") ? requiredTime(node, "last_changed") : null;
    JsonNode attributes = node.get("attributes");
    Map<String, Object> attributeMap =
        attributes == null || attributes.isNull()
            ? Map.of()
            : attributes.isObject()
                ? mapper.convertValue(attributes, LinkedHashMap.class)
                : rejectAttributes(attributes);
    return new HaState(entityId, state.stringValue(), attributeMap, lastChanged, lastUpdated);
  }

  public ObjectNode write(HaState state) {
    ObjectNode node = mapper.createObjectNode();
    node.put("entity_id", state.entityId());
    node.put("state", state.state());
    node.set("attributes", mapper.valueToTree(state.attributes()));
    node.put("last_changed", HaTimestamps.format(state.lastChanged()));
    node.put("last_updated", HaTimestamps.format(state.lastUpdated()));
    return node;
  }

  private static Map<String, Object> rejectAttributes(JsonNode attributes) {
    throw new InvalidEventException(
        RejectionReason.MISSING_FIELD,
        "attributes is " + attributes.getNodeType() + ", not an object");
  }

  static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is missing");
    }
    if (!value.isString()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is not a string");
    }
    return value.stringValue();
  }

  static Instant requiredTime(JsonNode node, String field) {
    String text = requiredText(node, field);
    try {
      return HaTimestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          RejectionReason.INVALID_TIMESTAMP, field + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
