package dev.haingestor.common.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            : attributes.isObject() ? toMap(attributes) : rejectAttributes(attributes);
    return new HaState(entityId, state.stringValue(), attributeMap, lastChanged, lastUpdated);
  }

  /**
   * The object as {@code convertValue(node, LinkedHashMap.class)} makes it (String, Integer, Long,
   * BigInteger, Double, Boolean, null, ArrayList, LinkedHashMap), by walking the tree instead of
   * serialising it to tokens and deserialising them again; any other kind of node (e.g. a
   * BigDecimal from a reader that keeps exact decimals) still goes through {@code convertValue}.
   */
  private Map<String, Object> toMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>(Math.max(4, object.size() * 4 / 3 + 1));
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      map.put(property.getKey(), toValue(property.getValue()));
    }
    return map;
  }

  private Object toValue(JsonNode node) {
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isInt() || node.isLong() || node.isBigInteger() || node.isDouble()) {
      return node.numberValue();
    }
    if (node.isObject()) {
      return toMap(node);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(toValue(element));
      }
      return list;
    }
    return mapper.convertValue(node, Object.class);
  }

  /**
   * The state as JSON text, exactly as {@code writeValueAsString(write(state))} but serialised in
   * one pass: no intermediate tree of the attributes (the per-event hot path of the publisher).
   */
  public String writeString(HaState state) {
    Map<String, Object> json = new LinkedHashMap<>(8);
    json.put("entity_id", state.entityId());
    json.put("state", state.state());
    json.put("attributes", state.attributes());
    json.put("last_changed", HaTimestamps.format(state.lastChanged()));
    json.put("last_updated", HaTimestamps.format(state.lastUpdated()));
    return mapper.writeValueAsString(json);
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
