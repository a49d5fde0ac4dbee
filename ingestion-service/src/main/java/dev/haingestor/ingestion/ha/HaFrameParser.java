package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.event.TokenValue;
import dev.haingestor.ingestion.deadletter.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonParser.NumberType;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.NullNode;

/**
 * Turns a WebSocket text frame from HA into messages. A frame is one JSON object, or — once
 * coalescing is enabled — a JSON array of them (HA_PROTOCOL.md §4). Fields are read by name: HA's
 * key order is not stable. A message that cannot be an event becomes {@link HaMessage.Rejected}
 * without affecting the other messages of its frame; a frame that is not JSON is one rejection.
 *
 * <p>The frame is read in one streaming pass: an event's {@code new_state} goes straight into its
 * {@link HaState} and its {@code old_state}, which nothing reads, is skipped, so no tree is built
 * for either (most of each message). Only the small or rare parts — a command's result, an error,
 * an odd-typed field — are read as trees, to keep {@link JsonNode}'s rules for them. Each message
 * is checked once the whole frame has been read.
 */
@Component
public class HaFrameParser {

  static final String STATE_CHANGED = "state_changed";

  private final JsonMapper mapper;
  private final ObjectReader treeReader;
  private final HaStateJson stateJson;

  public HaFrameParser(JsonMapper mapper) {
    this.mapper = mapper;
    // Reads a value in the middle of the frame: what follows it is the rest of the frame.
    this.treeReader =
        mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.stateJson = new HaStateJson(mapper);
  }

  /**
   * @param frame the frame's text
   * @param receivedAt when the frame was read, stamped on its events
   */
  List<HaMessage> parse(String frame, Instant receivedAt) {
    return parse(FrameText.of(frame), receivedAt);
  }

  /**
   * @param frame the frame, read where it is (bytes are decoded only for dead letters)
   * @param receivedAt when the frame was read, stamped on its events
   */
  List<HaMessage> parse(FrameText frame, Instant receivedAt) {
    List<Fields> messages;
    boolean oneMessage;
    try (JsonParser parser = frame.parser(mapper)) {
      JsonToken first = parser.nextToken();
      oneMessage = first == JsonToken.START_OBJECT;
      if (oneMessage) {
        messages = List.of(message(parser, frame));
      } else if (first == JsonToken.START_ARRAY) {
        messages = new ArrayList<>();
        for (JsonToken token = parser.nextToken();
            token != JsonToken.END_ARRAY;
            token = parser.nextToken()) {
          messages.add(
              token == JsonToken.START_OBJECT
                  ? message(parser, frame)
                  : notAnObject(parser, frame));
        }
      } else {
        String kind = first == null ? "empty" : TokenValue.nodeType(first);
        parser.skipChildren();
        if (parser.nextToken() != null) {
          return List.of(trailing(frame.text()));
        }
        return List.of(
            rejected(
                RejectionReason.INVALID_JSON,
                "frame is " + kind + ", not a JSON object or array",
                frame.text()));
      }
      if (parser.nextToken() != null) {
        return List.of(trailing(frame.text()));
      }
    } catch (JacksonException e) {
      FrameText decoded = frame.decoded();
      if (decoded != frame) {
        // Perhaps bytes that are not UTF-8: read the text as the socket decodes it (replacing
        // them), which also refuses a frame that is not JSON with the same words.
        return parse(decoded, receivedAt);
      }
      return List.of(
          rejected(
              RejectionReason.INVALID_JSON,
              "frame is not JSON: " + e.getOriginalMessage(),
              frame.text()));
    }
    List<HaMessage> parsed = new ArrayList<>(messages.size());
    for (Fields message : messages) {
      parsed.add(message.toMessage(frame, oneMessage, receivedAt));
    }
    return parsed;
  }

  private static HaMessage trailing(String frame) {
    return rejected(
        RejectionReason.INVALID_JSON, "frame is not JSON: text follows its JSON value", frame);
  }

  /** An element of an array frame that is not an object: refused, with its own text. */
  private static Fields notAnObject(JsonParser parser, FrameText frame) {
    Fields fields = new Fields(frame.offset(parser.currentTokenLocation()));
    fields.notAnObject = parser.currentToken();
    parser.skipChildren();
    fields.end = frame.offset(parser.currentLocation());
    return fields;
  }

  /** One message, from its START_OBJECT up to and including its END_OBJECT. */
  private Fields message(JsonParser parser, FrameText frame) {
    Fields fields = new Fields(frame.offset(parser.currentTokenLocation()));
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "type" -> fields.type = TokenValue.of(parser, token).text();
        case "id" -> fields.id = id(parser, token);
        case "event" ->
            fields.event = token == JsonToken.START_OBJECT ? event(parser, frame) : skip(parser);
        case "success" -> fields.success = tree(parser, token);
        case "error" -> fields.error = tree(parser, token);
        case "message" -> fields.message = tree(parser, token);
        case "result" -> fields.result = tree(parser, token);
        default -> parser.skipChildren();
      }
    }
    fields.end = frame.offset(parser.currentLocation());
    return fields;
  }

  private EventFields event(JsonParser parser, FrameText frame) {
    EventFields event = new EventFields();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "event_type" -> event.eventType = TokenValue.of(parser, token);
        case "time_fired" -> event.timeFired = TokenValue.of(parser, token);
        case "data" ->
            event.data = token == JsonToken.START_OBJECT ? data(parser, frame) : skip(parser);
        default -> parser.skipChildren();
      }
    }
    return event;
  }

  private DataFields data(JsonParser parser, FrameText frame) {
    DataFields data = new DataFields();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "entity_id" -> data.entityId = TokenValue.of(parser, token);
        case "new_state" -> data.newState = newState(parser, token, frame);
        default -> parser.skipChildren(); // old_state among them
      }
    }
    return data;
  }

  /**
   * The new state, or why it is refused; {@code null} when removed (JSON null). Its attributes are
   * kept as the frame's text: checked, but read into a map only if a filter looks at them.
   */
  private NewState newState(JsonParser parser, JsonToken token, FrameText frame) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    try {
      return new NewState(
          token == JsonToken.START_OBJECT
              ? stateJson.read(parser, frame::between)
              // not an object: refused the one way there is
              : stateJson.read(treeReader.<JsonNode>readValue(parser)),
          null);
    } catch (InvalidEventException e) {
      return new NewState(null, e);
    }
  }

  /** Skips a value that is not of the kind wanted: {@code null}, as if it were absent. */
  private static <T> T skip(JsonParser parser) {
    parser.skipChildren();
    return null;
  }

  private int id(JsonParser parser, JsonToken token) {
    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == NumberType.INT) {
      return parser.getIntValue();
    }
    // rare: keep JsonNode's rules for what converts to an int
    JsonNode id = tree(parser, token);
    return id.canConvertToInt() ? id.intValue() : -1;
  }

  private JsonNode tree(JsonParser parser, JsonToken token) {
    return token == JsonToken.VALUE_NULL ? NullNode.getInstance() : treeReader.readValue(parser);
  }

  private record NewState(HaState state, InvalidEventException refused) {}

  /** The fields of a message the parser reads; checked by {@link #toMessage}. */
  private static final class Fields {
    final long start;
    long end;
    JsonToken notAnObject;
    String type;
    int id = -1;
    EventFields event;
    // Small or rare parts of non-event messages, kept as trees; null when absent.
    JsonNode success;
    JsonNode error;
    JsonNode message;
    JsonNode result;

    Fields(long start) {
      this.start = start;
    }

    /**
     * @param frame the frame the message is in, for its text if it has to be dead-lettered
     * @param whole whether the message is the whole frame (then its text is the frame's, blanks
     *     around it included)
     */
    HaMessage toMessage(FrameText frame, boolean whole, Instant receivedAt) {
      if (notAnObject != null) {
        return rejected(
            RejectionReason.INVALID_JSON,
            "message is " + TokenValue.nodeType(notAnObject) + ", not a JSON object",
            raw(frame, whole));
      }
      if (type == null) {
        return rejected(RejectionReason.MISSING_FIELD, "message has no type", raw(frame, whole));
      }
      return switch (type) {
        case "auth_required" -> new HaMessage.AuthRequired();
        case "auth_ok" -> new HaMessage.AuthOk();
        case "auth_invalid" -> new HaMessage.AuthInvalid(orMissing(message).asString(""));
        case "result" -> result();
        case "pong" -> new HaMessage.Pong(id);
        case "event" -> event(frame, whole, receivedAt);
        default -> new HaMessage.Ignored(type);
      };
    }

    private String raw(FrameText frame, boolean whole) {
      return whole ? frame.text() : frame.slice(start, end);
    }

    private static JsonNode orMissing(JsonNode node) {
      return node != null ? node : MissingNode.getInstance();
    }

    private HaMessage result() {
      boolean succeeded = orMissing(success).asBoolean(false);
      String detail = null;
      String code = null;
      if (!succeeded) {
        JsonNode err = orMissing(error);
        code = err.path("code").asString("unknown");
        detail = code + ": " + err.path("message").asString("");
      }
      return new HaMessage.Result(id, succeeded, detail, code, orMissing(result));
    }

    private HaMessage event(FrameText frame, boolean whole, Instant receivedAt) {
      try {
        if (event == null) {
          throw new InvalidEventException(
              RejectionReason.MISSING_FIELD, "event is missing or not an object");
        }
        String eventType = event.eventType.requiredText("event_type");
        if (!STATE_CHANGED.equals(eventType)) {
          return new HaMessage.OtherEvent(eventType);
        }
        return new HaMessage.StateChanged(event.stateChanged(receivedAt));
      } catch (InvalidEventException e) {
        return rejected(e.reason(), e.getMessage(), raw(frame, whole));
      }
    }
  }

  private static final class EventFields {
    TokenValue eventType = TokenValue.ABSENT;
    TokenValue timeFired = TokenValue.ABSENT;
    DataFields data;

    StateChangedEvent stateChanged(Instant receivedAt) {
      if (data == null) {
        throw new InvalidEventException(
            RejectionReason.MISSING_FIELD, "data is missing or not an object");
      }
      String entityId = data.entityId.requiredText("entity_id");
      if (!EntityIds.isValid(entityId)) {
        throw new InvalidEventException(
            RejectionReason.INVALID_ENTITY_ID, "invalid entity_id: " + abbreviate(entityId));
      }
      Instant fired = timeFired.requiredTime("time_fired");
      if (data.newState != null && data.newState.refused() != null) {
        throw data.newState.refused();
      }
      // new_state null: the entity was removed. A valid event, published like any other.
      HaState newState = data.newState == null ? null : data.newState.state();
      if (newState != null && !newState.entityId().equals(entityId)) {
        throw new InvalidEventException(
            RejectionReason.INVALID_ENTITY_ID,
            "new_state.entity_id " + newState.entityId() + " differs from entity_id " + entityId);
      }
      return new StateChangedEvent(entityId, fired, newState, EventSource.LIVE, receivedAt);
    }
  }

  private static final class DataFields {
    TokenValue entityId = TokenValue.ABSENT;
    NewState newState;
  }

  /**
   * The id of a single {@code result} message, found by scanning the frame's top level without
   * building it: large answers (get_states, history) can then be handed to their caller unparsed.
   *
   * @return the id, or -1 when the frame is not a single result message
   */
  int scanResultId(String frame) {
    return scanResultId(FrameText.of(frame));
  }

  int scanResultId(FrameText frame) {
    try (JsonParser parser = frame.parser(mapper)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      int id = -1;
      boolean result = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("id".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          id = parser.getIntValue();
        } else if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
          result = "result".equals(parser.getString());
        } else if ("success".equals(name)) {
          if (value != JsonToken.VALUE_TRUE) {
            return -1; // errors are small: parse them as usual
          }
        } else {
          parser.skipChildren();
        }
      }
      return result ? id : -1;
    } catch (JacksonException e) {
      return -1; // parsed (and rejected) the usual way
    }
  }

  private static HaMessage rejected(RejectionReason reason, String detail, String raw) {
    return new HaMessage.Rejected(new Rejection(reason, detail, raw));
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
