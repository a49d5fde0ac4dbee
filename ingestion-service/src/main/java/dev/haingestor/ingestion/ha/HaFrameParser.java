package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
        String kind = first == null ? "empty" : HaStateJson.nodeType(first);
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
      if (frame.isBytes()) {
        // Perhaps bytes that are not UTF-8: read the text as the socket decodes it (replacing
        // them), which also refuses a frame that is not JSON with the same words.
        return parse(FrameText.of(frame.text()), receivedAt);
      }
      return List.of(
          rejected(
              RejectionReason.INVALID_JSON,
              "frame is not JSON: " + e.getOriginalMessage(),
              frame.text()));
    }
    List<HaMessage> parsed = new ArrayList<>(messages.size());
    for (Fields message : messages) {
      // A message alone is dead-lettered as the whole frame, surrounding blanks included.
      Supplier<String> raw =
          oneMessage ? frame::text : () -> frame.slice(message.start, message.end);
      parsed.add(message.toMessage(raw, receivedAt));
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
        case "type" -> fields.type = text(parser, token);
        case "id" -> fields.id = id(parser, token);
        case "event" -> {
          fields.event = token == JsonToken.START_OBJECT ? event(parser) : null;
          if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
          }
        }
        case "success", "error", "message", "result" -> fields.small.put(name, tree(parser, token));
        default -> parser.skipChildren();
      }
    }
    fields.end = frame.offset(parser.currentLocation());
    return fields;
  }

  private EventFields event(JsonParser parser) {
    EventFields event = new EventFields();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "event_type" -> event.eventType = new Text(token, text(parser, token));
        case "time_fired" -> event.timeFired = new Text(token, text(parser, token));
        case "data" -> {
          event.data = token == JsonToken.START_OBJECT ? data(parser) : null;
          if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
          }
        }
        default -> parser.skipChildren();
      }
    }
    return event;
  }

  private DataFields data(JsonParser parser) {
    DataFields data = new DataFields();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "entity_id" -> data.entityId = new Text(token, text(parser, token));
        case "new_state" -> data.newState = newState(parser, token);
        default -> parser.skipChildren(); // old_state among them
      }
    }
    return data;
  }

  /** The new state, or why it is refused; {@code null} when removed (JSON null). */
  private NewState newState(JsonParser parser, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    try {
      return new NewState(
          token == JsonToken.START_OBJECT
              ? stateJson.read(parser)
              // not an object: refused the one way there is
              : stateJson.read(treeReader.<JsonNode>readValue(parser)),
          null);
    } catch (InvalidEventException e) {
      return new NewState(null, e);
    }
  }

  /** A string's text, {@code null} for any other value (which is skipped). */
  private static String text(JsonParser parser, JsonToken token) {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getString();
    }
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

  /** A field that must be a string: its token ({@code null} when absent) and its text. */
  private record Text(JsonToken token, String text) {

    static final Text ABSENT = new Text(null, null);

    String required(String field) {
      if (token == null || token == JsonToken.VALUE_NULL) {
        throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is missing");
      }
      if (text == null) {
        throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is not a string");
      }
      return text;
    }
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
    final Map<String, JsonNode> small = new HashMap<>(4);

    Fields(long start) {
      this.start = start;
    }

    /**
     * @param raw the message's own text, looked up only if it has to be dead-lettered
     */
    HaMessage toMessage(Supplier<String> raw, Instant receivedAt) {
      if (notAnObject != null) {
        return rejected(
            RejectionReason.INVALID_JSON,
            "message is " + HaStateJson.nodeType(notAnObject) + ", not a JSON object",
            raw.get());
      }
      if (type == null) {
        return rejected(RejectionReason.MISSING_FIELD, "message has no type", raw.get());
      }
      return switch (type) {
        case "auth_required" -> new HaMessage.AuthRequired();
        case "auth_ok" -> new HaMessage.AuthOk();
        case "auth_invalid" -> new HaMessage.AuthInvalid(path("message").asString(""));
        case "result" -> result();
        case "pong" -> new HaMessage.Pong(id);
        case "event" -> event(raw, receivedAt);
        default -> new HaMessage.Ignored(type);
      };
    }

    private JsonNode path(String name) {
      JsonNode node = small.get(name);
      return node != null ? node : MissingNode.getInstance();
    }

    private HaMessage result() {
      boolean success = path("success").asBoolean(false);
      String error = null;
      String code = null;
      if (!success) {
        JsonNode err = path("error");
        code = err.path("code").asString("unknown");
        error = code + ": " + err.path("message").asString("");
      }
      return new HaMessage.Result(id, success, error, code, path("result"));
    }

    private HaMessage event(Supplier<String> raw, Instant receivedAt) {
      try {
        if (event == null) {
          throw new InvalidEventException(
              RejectionReason.MISSING_FIELD, "event is missing or not an object");
        }
        String eventType = event.eventType.required("event_type");
        if (!STATE_CHANGED.equals(eventType)) {
          return new HaMessage.OtherEvent(eventType);
        }
        return new HaMessage.StateChanged(event.stateChanged(receivedAt));
      } catch (InvalidEventException e) {
        return rejected(e.reason(), e.getMessage(), raw.get());
      }
    }
  }

  private static final class EventFields {
    Text eventType = Text.ABSENT;
    Text timeFired = Text.ABSENT;
    DataFields data;

    StateChangedEvent stateChanged(Instant receivedAt) {
      if (data == null) {
        throw new InvalidEventException(
            RejectionReason.MISSING_FIELD, "data is missing or not an object");
      }
      String entityId = data.entityId.required("entity_id");
      if (!EntityIds.isValid(entityId)) {
        throw new InvalidEventException(
            RejectionReason.INVALID_ENTITY_ID, "invalid entity_id: " + abbreviate(entityId));
      }
      Instant fired = time(timeFired.required("time_fired"));
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

    private static Instant time(String text) {
      try {
        return HaTimestamps.parse(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidEventException(
            RejectionReason.INVALID_TIMESTAMP, "time_fired: " + e.getMessage(), e);
      }
    }
  }

  private static final class DataFields {
    Text entityId = Text.ABSENT;
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
    try (tools.jackson.core.JsonParser parser = frame.parser(mapper)) {
      if (parser.nextToken() != tools.jackson.core.JsonToken.START_OBJECT) {
        return -1;
      }
      int id = -1;
      boolean result = false;
      while (parser.nextToken() == tools.jackson.core.JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        tools.jackson.core.JsonToken value = parser.nextToken();
        if ("id".equals(name) && value == tools.jackson.core.JsonToken.VALUE_NUMBER_INT) {
          id = parser.getIntValue();
        } else if ("type".equals(name) && value == tools.jackson.core.JsonToken.VALUE_STRING) {
          result = "result".equals(parser.getString());
        } else if ("success".equals(name)) {
          if (value != tools.jackson.core.JsonToken.VALUE_TRUE) {
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
