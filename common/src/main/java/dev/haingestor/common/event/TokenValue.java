package dev.haingestor.common.event;

import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.node.JsonNodeType;

/**
 * A value as a streaming read saw it, without a tree: its first token and, if it is a string, its
 * text. Checked like the tree readers check a field, with the same reasons and words.
 *
 * @param token the value's first token; {@code null} when the field was absent
 * @param text the string, or {@code null} for any other kind of value
 */
public record TokenValue(JsonToken token, String text) {

  /** A field that was not there. */
  public static final TokenValue ABSENT = new TokenValue(null, null);

  /** The value at the parser's current {@code token}, which is skipped past. */
  public static TokenValue of(JsonParser parser, JsonToken token) {
    String text = token == JsonToken.VALUE_STRING ? parser.getString() : null;
    parser.skipChildren();
    return new TokenValue(token, text);
  }

  /** Absent or JSON null. */
  public boolean isMissing() {
    return token == null || token == JsonToken.VALUE_NULL;
  }

  public String nodeType() {
    return nodeType(token);
  }

  /**
   * The name {@link tools.jackson.databind.JsonNode#getNodeType()} gives a value that starts with
   * {@code token} ({@code OBJECT}, {@code STRING}, …), for messages about values read without a
   * tree.
   */
  public static String nodeType(JsonToken token) {
    JsonNodeType type =
        switch (token) {
          case START_OBJECT -> JsonNodeType.OBJECT;
          case START_ARRAY -> JsonNodeType.ARRAY;
          case VALUE_STRING -> JsonNodeType.STRING;
          case VALUE_TRUE, VALUE_FALSE -> JsonNodeType.BOOLEAN;
          case VALUE_NULL -> JsonNodeType.NULL;
          case VALUE_EMBEDDED_OBJECT -> JsonNodeType.POJO;
          default -> JsonNodeType.NUMBER;
        };
    return type.toString();
  }

  /**
   * @param field the field's name, for the message
   * @throws InvalidEventException {@code MISSING_FIELD} when absent, null or not a string
   */
  public String requiredText(String field) {
    if (isMissing()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is missing");
    }
    if (text == null) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is not a string");
    }
    return text;
  }

  /**
   * @param field the field's name, for the message
   * @throws InvalidEventException as {@link #requiredText}, or {@code INVALID_TIMESTAMP}
   */
  public Instant requiredTime(String field) {
    String value = requiredText(field);
    try {
      return HaTimestamps.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          RejectionReason.INVALID_TIMESTAMP, field + ": " + e.getMessage(), e);
    }
  }
}
