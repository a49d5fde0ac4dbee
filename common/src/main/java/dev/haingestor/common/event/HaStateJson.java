package dev.haingestor.common.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes HA State objects ({@code entity_id, state, attributes, last_changed,
 * last_updated}) by key name, never by position: HA's key order is not stable.
 */
public final class HaStateJson {

  private final JsonMapper mapper;
  // Read from the middle of a state: what follows the attributes is the rest of the state.
  private final ObjectReader attributesReader;

  public HaStateJson(JsonMapper mapper) {
    this.mapper = mapper;
    this.attributesReader =
        mapper.readerFor(Map.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * The state in JSON text: the same state, or the same rejection, as {@code
   * read(mapper.readTree(json))}, but read in one pass without a tree (the enrichment's per-entry
   * path). Attribute values come out as in {@link #read(JsonNode)}.
   *
   * @throws JacksonException when the text is not JSON
   * @throws InvalidEventException with the reason the state is unusable
   */
  public HaState read(String json) {
    try (JsonParser parser = mapper.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return read(mapper.readTree(json)); // not an object: rare, refused the one way there is
      }
      Fields fields = fields(parser, null);
      if (parser.nextToken() != null) {
        return read(mapper.readTree(json)); // trailing content: refused as readTree refuses it
      }
      return fields.state();
    }
  }

  /**
   * The state object at the parser's current token ({@code START_OBJECT}), read in one pass like
   * {@link #read(String)}. The whole object is consumed before the state is checked, so that the
   * parser stands on its {@code END_OBJECT} whether the state is accepted or refused.
   *
   * @throws JacksonException when the text is not JSON
   * @throws InvalidEventException with the reason the state is unusable
   * @throws IllegalStateException when the parser is not at the start of an object
   */
  public HaState read(JsonParser parser) {
    return read(parser, null);
  }

  /**
   * Like {@link #read(JsonParser)}, keeping the attributes as the text the parser read them from
   * ({@link RawAttributes}): they are checked to be JSON but not made into a map.
   *
   * @param source the parser's input between two of its locations; {@code null} to read the
   *     attributes into a map
   */
  public HaState read(JsonParser parser, SourceText source) {
    if (!parser.hasToken(JsonToken.START_OBJECT)) {
      throw new IllegalStateException("not at the start of an object: " + parser.currentToken());
    }
    return fields(parser, source).state();
  }

  /** The text a parser reads, between two locations it reported. */
  @FunctionalInterface
  public interface SourceText {

    /** The text from {@code start} (inclusive) to {@code end} (exclusive). */
    String between(TokenStreamLocation start, TokenStreamLocation end);
  }

  /**
   * The attributes object at the parser's current token ({@code START_OBJECT}), its values as a
   * state's attributes are read (floats as {@code Double}); the parser ends on its {@code
   * END_OBJECT}. For other places HA sends attributes, e.g. history rows.
   *
   * @throws JacksonException when the text is not JSON
   * @throws IllegalStateException when the parser is not at the start of an object
   */
  public Map<String, Object> readAttributes(JsonParser parser) {
    if (!parser.hasToken(JsonToken.START_OBJECT)) {
      throw new IllegalStateException("not at the start of an object: " + parser.currentToken());
    }
    return attributesReader.readValue(parser);
  }

  /** The top-level fields of a state, from its START_OBJECT up to and including its END_OBJECT. */
  private Fields fields(JsonParser parser, SourceText source) {
    Fields fields = new Fields();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "entity_id" -> fields.entityId = TokenValue.of(parser, token);
        case "state" -> fields.state = TokenValue.of(parser, token);
        case "last_updated" -> fields.lastUpdated = TokenValue.of(parser, token);
        case "last_changed" -> fields.lastChanged = TokenValue.of(parser, token);
        case "attributes" -> {
          fields.attributesToken = token;
          if (token == JsonToken.START_OBJECT && source != null) {
            TokenStreamLocation start = parser.currentTokenLocation();
            parser.skipChildren(); // reads every token: invalid JSON is refused here as well
            fields.attributes =
                new RawAttributes(
                    source.between(start, parser.currentLocation()), attributesReader);
          } else if (token == JsonToken.START_OBJECT) {
            fields.attributes = attributesReader.readValue(parser); // no second check of the token
          } else {
            fields.attributes = null;
            parser.skipChildren();
          }
        }
        default -> parser.skipChildren();
      }
    }
    return fields;
  }

  /** What the streaming read found; checked only once the whole object is read. */
  private static final class Fields {
    TokenValue entityId = TokenValue.ABSENT;
    TokenValue state = TokenValue.ABSENT;
    TokenValue lastUpdated = TokenValue.ABSENT;
    TokenValue lastChanged = TokenValue.ABSENT;
    Map<String, Object> attributes;
    JsonToken attributesToken;

    HaState state() {
      String id = entityId.requiredText("entity_id");
      if (!EntityIds.isValid(id)) {
        throw new InvalidEventException(
            RejectionReason.INVALID_ENTITY_ID, "invalid entity_id: " + abbreviate(id));
      }
      if (state.isMissing()) {
        throw new InvalidEventException(RejectionReason.MISSING_FIELD, "state is missing");
      }
      if (state.text() == null) {
        throw new InvalidEventException(
            RejectionReason.STATE_NOT_STRING, "state is " + state.nodeType() + ", not a string");
      }
      Instant updated = lastUpdated.requiredTime("last_updated");
      Instant changed = lastChanged.isMissing() ? null : lastChanged.requiredTime("last_changed");
      if (attributesToken != null
          && attributesToken != JsonToken.START_OBJECT
          && attributesToken != JsonToken.VALUE_NULL) {
        throw new InvalidEventException(
            RejectionReason.MISSING_FIELD,
            "attributes is " + TokenValue.nodeType(attributesToken) + ", not an object");
      }
      return new HaState(id, state.text(), attributes, changed, updated);
    }
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
   * one pass: no intermediate tree of the attributes (the per-event hot path of the reader).
   * Attributes kept as text ({@link RawAttributes}) are written as that text, unchanged.
   */
  public String writeString(HaState state) {
    if (state.attributes() instanceof RawAttributes raw) {
      return writeWithRawAttributes(state, raw.json());
    }
    // Through the mapper, which recycles its text buffers; a generator of its own would not.
    return mapper.writeValueAsString(new StateWriter(state));
  }

  /**
   * The live path's state, its attributes text as HA sent it: written by hand, as the generator
   * would write it, without the generator's context and buffers per event.
   */
  private static String writeWithRawAttributes(HaState state, String attributes) {
    StringBuilder json = new StringBuilder(attributes.length() + 128 + state.state().length());
    // Valid entity ids are [a-z0-9_.]: nothing to escape.
    json.append("{\"entity_id\":\"").append(state.entityId()).append("\",\"state\":\"");
    JsonStringEncoder.getInstance().quoteAsString(state.state(), json);
    json.append("\",\"attributes\":").append(attributes).append(",\"last_changed\":\"");
    HaTimestamps.formatTo(json, state.lastChanged()).append("\",\"last_updated\":\"");
    return HaTimestamps.formatTo(json, state.lastUpdated()).append("\"}").toString();
  }

  private static final class StateWriter extends JacksonSerializable.Base {

    private final HaState state;

    StateWriter(HaState state) {
      this.state = state;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
      generator.writeStartObject();
      generator.writeStringProperty("entity_id", state.entityId());
      generator.writeStringProperty("state", state.state());
      generator.writePOJOProperty("attributes", state.attributes());
      generator.writeStringProperty("last_changed", HaTimestamps.format(state.lastChanged()));
      generator.writeStringProperty("last_updated", HaTimestamps.format(state.lastUpdated()));
      generator.writeEndObject();
    }

    @Override
    public void serializeWithType(
        JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
      serialize(generator, context);
    }
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
