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
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.core.filter.TokenFilter.Inclusion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frame parser as it was before it read frames in one streaming pass (a tree per frame): the
 * reference {@code HaFrameParserEquivalenceTest} compares {@link HaFrameParser} with. Turns a
 * WebSocket text frame from HA into messages. A frame is one JSON object, or — once coalescing is
 * enabled — a JSON array of them (HA_PROTOCOL.md §4). Fields are read by name: HA's key order is
 * not stable. A message that cannot be an event becomes {@link HaMessage.Rejected} without
 * affecting the other messages of its frame.
 */
final class TreeFrameParser {

  static final String STATE_CHANGED = "state_changed";

  private final JsonMapper mapper;
  private final ObjectReader treeReader;
  private final HaStateJson stateJson;

  TreeFrameParser(JsonMapper mapper) {
    this.mapper = mapper;
    this.treeReader = mapper.readerFor(JsonNode.class);
    this.stateJson = new HaStateJson(mapper);
  }

  /**
   * @param frame the frame's text
   * @param receivedAt when the frame was read, stamped on its events
   */
  List<HaMessage> parse(String frame, Instant receivedAt) {
    JsonNode root;
    try (JsonParser parser =
        new FilteringParserDelegate(
            mapper.createParser(frame),
            OldStatePruner.ROOT,
            Inclusion.INCLUDE_ALL_AND_PATH,
            true)) {
      root = treeReader.readValue(parser);
    } catch (JacksonException e) {
      return List.of(
          rejected(
              RejectionReason.INVALID_JSON, "frame is not JSON: " + e.getOriginalMessage(), frame));
    }
    if (root != null && root.isObject()) {
      return List.of(message(root, () -> frame, receivedAt));
    }
    if (root != null && root.isArray()) {
      List<HaMessage> messages = new ArrayList<>(root.size());
      for (int i = 0; i < root.size(); i++) {
        int index = i;
        JsonNode element = root.get(i);
        messages.add(message(element, () -> element(frame, index, element), receivedAt));
      }
      return messages;
    }
    String kind = root == null || root.isMissingNode() ? "empty" : root.getNodeType().toString();
    return List.of(
        rejected(
            RejectionReason.INVALID_JSON,
            "frame is " + kind + ", not a JSON object or array",
            frame));
  }

  /**
   * Leaves out {@code event.data.old_state} of each message while the frame is read: nothing here
   * reads the previous state, and building its tree would nearly double the work per event.
   */
  private static final class OldStatePruner extends TokenFilter {

    /** The frame: one message, or an array of them. */
    static final OldStatePruner ROOT = new OldStatePruner(-1);

    private static final OldStatePruner MESSAGE = new OldStatePruner(0);
    private static final OldStatePruner EVENT = new OldStatePruner(1);
    private static final OldStatePruner DATA = new OldStatePruner(2);

    private final int depth;

    private OldStatePruner(int depth) {
      this.depth = depth;
    }

    @Override
    public TokenFilter includeElement(int index) {
      return depth < 0 ? MESSAGE : INCLUDE_ALL;
    }

    @Override
    public TokenFilter includeProperty(String name) {
      return switch (depth) {
        case -1, 0 -> "event".equals(name) ? EVENT : INCLUDE_ALL;
        case 1 -> "data".equals(name) ? DATA : INCLUDE_ALL;
        default -> "old_state".equals(name) ? null : INCLUDE_ALL;
      };
    }

    @Override
    public boolean includeEmptyObject(boolean contentsFiltered) {
      return true;
    }

    @Override
    public boolean includeEmptyArray(boolean contentsFiltered) {
      return true;
    }
  }

  /**
   * The text of the {@code index}th message of an array frame, for its dead letter: found again in
   * the frame (rare: only for rejected messages), since the tree lacks the old state.
   */
  private String element(String frame, int index, JsonNode node) {
    try (JsonParser parser = mapper.createParser(frame)) {
      parser.nextToken();
      for (int i = 0; i <= index; i++) {
        parser.nextToken();
        long start = parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        long end = parser.currentLocation().getCharOffset();
        if (i == index && start >= 0 && start < end && end <= frame.length()) {
          return frame.substring((int) start, (int) end);
        }
      }
    } catch (JacksonException e) {
      // the frame was read before: cannot happen; fall back to the tree
    }
    return node.toString();
  }

  /**
   * @param raw the message's own text, looked up only if it has to be dead-lettered
   */
  private HaMessage message(JsonNode node, Supplier<String> raw, Instant receivedAt) {
    if (!node.isObject()) {
      return rejected(
          RejectionReason.INVALID_JSON,
          "message is " + node.getNodeType() + ", not a JSON object",
          raw.get());
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isString()) {
      return rejected(RejectionReason.MISSING_FIELD, "message has no type", raw.get());
    }
    return switch (type.stringValue()) {
      case "auth_required" -> new HaMessage.AuthRequired();
      case "auth_ok" -> new HaMessage.AuthOk();
      case "auth_invalid" -> new HaMessage.AuthInvalid(node.path("message").asString(""));
      case "result" -> result(node);
      case "pong" -> new HaMessage.Pong(id(node));
      case "event" -> event(node, raw, receivedAt);
      default -> new HaMessage.Ignored(type.stringValue());
    };
  }

  private static HaMessage result(JsonNode node) {
    boolean success = node.path("success").asBoolean(false);
    String error = null;
    String code = null;
    if (!success) {
      JsonNode err = node.path("error");
      code = err.path("code").asString("unknown");
      error = code + ": " + err.path("message").asString("");
    }
    return new HaMessage.Result(id(node), success, error, code, node.path("result"));
  }

  private HaMessage event(JsonNode node, Supplier<String> raw, Instant receivedAt) {
    try {
      JsonNode event = requiredObject(node, "event");
      String eventType = requiredText(event, "event_type");
      if (!STATE_CHANGED.equals(eventType)) {
        return new HaMessage.OtherEvent(eventType);
      }
      return new HaMessage.StateChanged(stateChanged(event, receivedAt));
    } catch (InvalidEventException e) {
      return rejected(e.reason(), e.getMessage(), raw.get());
    }
  }

  private StateChangedEvent stateChanged(JsonNode event, Instant receivedAt) {
    JsonNode data = requiredObject(event, "data");
    String entityId = requiredText(data, "entity_id");
    if (!EntityIds.isValid(entityId)) {
      throw new InvalidEventException(
          RejectionReason.INVALID_ENTITY_ID, "invalid entity_id: " + abbreviate(entityId));
    }
    Instant timeFired = requiredTime(event, "time_fired");
    JsonNode newStateNode = data.get("new_state");
    // new_state null: the entity was removed. A valid event, published like any other.
    HaState newState =
        newStateNode == null || newStateNode.isNull() ? null : stateJson.read(newStateNode);
    if (newState != null && !newState.entityId().equals(entityId)) {
      throw new InvalidEventException(
          RejectionReason.INVALID_ENTITY_ID,
          "new_state.entity_id " + newState.entityId() + " differs from entity_id " + entityId);
    }
    return new StateChangedEvent(entityId, timeFired, newState, EventSource.LIVE, receivedAt);
  }

  private static JsonNode requiredObject(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new InvalidEventException(
          RejectionReason.MISSING_FIELD, field + " is missing or not an object");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is missing");
    }
    if (!value.isString()) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, field + " is not a string");
    }
    return value.stringValue();
  }

  private static Instant requiredTime(JsonNode node, String field) {
    String text = requiredText(node, field);
    try {
      return HaTimestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          RejectionReason.INVALID_TIMESTAMP, field + ": " + e.getMessage(), e);
    }
  }

  private static int id(JsonNode node) {
    JsonNode id = node.get("id");
    return id != null && id.canConvertToInt() ? id.intValue() : -1;
  }

  private static HaMessage rejected(RejectionReason reason, String detail, String raw) {
    return new HaMessage.Rejected(new Rejection(reason, detail, raw));
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
