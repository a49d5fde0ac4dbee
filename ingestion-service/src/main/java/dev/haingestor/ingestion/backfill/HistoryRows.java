package dev.haingestor.ingestion.backfill;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import dev.haingestor.ingestion.ha.CommandResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@code history/history_during_period} result — {@code {"<entity_id>": [{"s", "a", "lu",
 * "lc"?}, ...]}} (HA_PROTOCOL.md §9) — into backfill events. {@code lu} becomes the event's {@code
 * time_fired} and {@code last_updated}, converted from the number's decimal text so that it is the
 * exact microsecond of the live event and the backfilled point overwrites the live one instead of
 * adding a second (a binary double would be off by a microsecond now and then). So the frame is
 * read with floats as {@code BigDecimal}, once (an answer can be as large as {@code
 * HA_MAX_FRAME_SIZE}); attribute floats become doubles, as the live path reads them. Rows that
 * cannot be events are returned as rejections.
 */
final class HistoryRows {

  private final ObjectReader exactReader;

  HistoryRows(JsonMapper mapper) {
    this.exactReader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  }

  /** Events and rejected rows of one result. */
  record Parsed(List<StateChangedEvent> events, List<Rejection> rejections) {}

  /**
   * @param receivedAt stamped on the events
   */
  Parsed parse(CommandResult result, Instant receivedAt) {
    // Only the exact tree: a large answer (up to HA_MAX_FRAME_SIZE) read a second time held two
    // trees of it at once, and with a full buffer that ran the heap out.
    JsonNode rows = exactResult(result);
    List<StateChangedEvent> events = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    if (rows == null || !rows.isObject() || rows.isEmpty()) {
      return new Parsed(events, rejections);
    }
    for (Map.Entry<String, JsonNode> entity : rows.properties()) {
      String entityId = entity.getKey();
      JsonNode entityRows = entity.getValue();
      if (!EntityIds.isValid(entityId) || !entityRows.isArray()) {
        rejections.add(
            new Rejection(
                RejectionReason.INVALID_ENTITY_ID,
                "history result has an unusable entity " + entityId,
                entityRows.toString(),
                null));
        continue;
      }
      for (int i = 0; i < entityRows.size(); i++) {
        JsonNode row = entityRows.get(i);
        try {
          events.add(event(entityId, row, receivedAt));
        } catch (IllegalArgumentException e) {
          rejections.add(
              new Rejection(
                  reasonOf(e), "history row: " + e.getMessage(), row.toString(), entityId));
        }
      }
    }
    events.sort(
        Comparator.comparing(StateChangedEvent::timeFired)
            .thenComparing(StateChangedEvent::entityId));
    return new Parsed(events, rejections);
  }

  private static StateChangedEvent event(String entityId, JsonNode row, Instant receivedAt) {
    JsonNode state = row.get("s");
    if (state == null || !state.isString()) {
      throw new RowException(RejectionReason.STATE_NOT_STRING, "s is missing or not a string");
    }
    Instant lastUpdated = time(row.get("lu"), "lu");
    JsonNode lcNode = row.get("lc");
    Instant lastChanged = lcNode == null || lcNode.isNull() ? lastUpdated : time(lcNode, "lc");
    JsonNode attributes = row.get("a");
    Map<String, Object> attributeMap =
        attributes == null || !attributes.isObject() ? Map.of() : object(attributes);
    HaState newState =
        new HaState(entityId, state.stringValue(), attributeMap, lastChanged, lastUpdated);
    return new StateChangedEvent(entityId, lastUpdated, newState, EventSource.BACKFILL, receivedAt);
  }

  /**
   * An attribute object as plain values, as the live path reads them: floats as {@code Double} (the
   * correctly rounded double of the exact decimal is that of its text), integers as the smallest of
   * {@code Integer}, {@code Long} and {@code BigInteger}.
   */
  private static Map<String, Object> object(JsonNode node) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      map.put(member.getKey(), value(member.getValue()));
    }
    return map;
  }

  private static Object value(JsonNode node) {
    if (node.isObject()) {
      return object(node);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(value(element));
      }
      return list;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isFloatingPointNumber()) {
      // BigDecimal's own conversion: Infinity beyond double's range, as parsing the text gives
      // (the node's doubleValue() throws there).
      return node.decimalValue().doubleValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    return null;
  }

  private static Instant time(JsonNode node, String field) {
    if (node == null || !node.isNumber()) {
      throw new RowException(RejectionReason.INVALID_TIMESTAMP, field + " is not a number");
    }
    String text =
        node.isBigDecimal() || node.isFloatingPointNumber()
            ? node.decimalValue().toPlainString()
            : node.bigIntegerValue().toString();
    try {
      return HaTimestamps.fromEpochSeconds(text);
    } catch (IllegalArgumentException e) {
      throw new RowException(RejectionReason.INVALID_TIMESTAMP, field + ": " + e.getMessage());
    }
  }

  /** The same result with every float as the exact decimal of its text. */
  private JsonNode exactResult(CommandResult result) {
    JsonNode frame = exactReader.readTree(result.frame());
    if (frame.isArray()) {
      for (JsonNode message : frame) {
        if (message.path("id").asInt(-1) == result.id() && message.has("result")) {
          return message.get("result");
        }
      }
      throw new IllegalStateException("result " + result.id() + " not found in its frame");
    }
    return frame.path("result");
  }

  private static RejectionReason reasonOf(IllegalArgumentException e) {
    return e instanceof RowException row ? row.reason : RejectionReason.MISSING_FIELD;
  }

  private static final class RowException extends IllegalArgumentException {
    private final RejectionReason reason;

    RowException(RejectionReason reason, String message) {
      super(message);
      this.reason = reason;
    }
  }
}
