package dev.haingestor.ingestion.backfill;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import dev.haingestor.ingestion.ha.CommandResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@code history/history_during_period} result — {@code {"<entity_id>": [{"s", "a", "lu",
 * "lc"?}, ...]}} (HA_PROTOCOL.md §9) — into backfill events, a batch at a time.
 *
 * <p>The answer is read as a stream, never as a tree: an answer can be as large as {@code
 * HA_MAX_FRAME_SIZE}, and its tree and its events held at once, while the live buffer was full, ran
 * the heap out. Only the frame and one batch are held; the next batch is read when it is asked for.
 * Events come in HA's order: entity by entity, each entity's rows oldest first.
 *
 * <p>{@code lu} becomes the event's {@code time_fired} and {@code last_updated}, converted from the
 * number's decimal text so that it is the exact microsecond of the live event and the backfilled
 * point overwrites the live one instead of adding a second (a binary double would be off by a
 * microsecond now and then). Attributes are read as the live path reads them. Rows that cannot be
 * events are returned as rejections.
 */
final class HistoryRows {

  private final JsonMapper mapper;
  private final HaStateJson states;

  HistoryRows(JsonMapper mapper) {
    this.mapper = mapper;
    this.states = new HaStateJson(mapper);
  }

  /** Events and rejected rows of one batch. */
  record Parsed(List<StateChangedEvent> events, List<Rejection> rejections) {

    boolean isEmpty() {
      return events.isEmpty() && rejections.isEmpty();
    }
  }

  /**
   * The rows of a result, to be read with {@link Rows#next}.
   *
   * @param receivedAt stamped on the events
   * @throws IllegalStateException when the frame holds no result with the result's id
   */
  Rows open(CommandResult result, Instant receivedAt) {
    long start = result.resultOffset(mapper);
    return new Rows(result.frame(), receivedAt, start, result.parserFrom(mapper, start));
  }

  /** All events and rejections of a result at once; for small answers and tests. */
  Parsed parse(CommandResult result, Instant receivedAt) {
    List<StateChangedEvent> events = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    try (Rows rows = open(result, receivedAt)) {
      for (Parsed batch = rows.next(Integer.MAX_VALUE); !batch.isEmpty(); ) {
        events.addAll(batch.events());
        rejections.addAll(batch.rejections());
        batch = rows.next(Integer.MAX_VALUE);
      }
    }
    return new Parsed(events, rejections);
  }

  /** The rows of one answer, read on demand; not thread-safe. */
  final class Rows implements AutoCloseable {

    private final String frame;
    private final Instant receivedAt;
    private final long base;
    private final JsonParser parser;
    // The entity whose rows are being read; null between entities.
    private String entityId;
    private boolean done;

    private Rows(String frame, Instant receivedAt, long resultStart, JsonParser parser) {
      this.frame = frame;
      this.receivedAt = receivedAt;
      this.base = resultStart;
      this.parser = parser;
      this.done = parser.nextToken() != JsonToken.START_OBJECT; // null or not an object: no rows
    }

    /** Up to {@code max} rows' events and rejections; empty once all rows are read. */
    Parsed next(int max) {
      List<StateChangedEvent> events = new ArrayList<>(Math.min(max, 1_024));
      List<Rejection> rejections = new ArrayList<>();
      while (!done && events.size() + rejections.size() < max) {
        if (entityId == null) {
          nextEntity(rejections);
          continue;
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          entityId = null;
          continue;
        }
        long start = offset();
        try {
          events.add(row(token));
        } catch (RowException e) {
          rejections.add(
              new Rejection(e.reason, "history row: " + e.getMessage(), textFrom(start), entityId));
        }
      }
      return new Parsed(events, rejections);
    }

    private void nextEntity(List<Rejection> rejections) {
      String name = parser.nextName();
      if (name == null) {
        done = true; // the result's END_OBJECT
        return;
      }
      JsonToken value = parser.nextToken();
      if (EntityIds.isValid(name) && value == JsonToken.START_ARRAY) {
        entityId = name;
        return;
      }
      long start = offset();
      parser.skipChildren();
      rejections.add(
          new Rejection(
              RejectionReason.INVALID_ENTITY_ID,
              "history result has an unusable entity " + name,
              textFrom(start),
              null));
    }

    /** The row at {@code token}, read to its end whether it is an event or not. */
    private StateChangedEvent row(JsonToken token) {
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        throw new RowException(RejectionReason.MISSING_FIELD, "row is not an object");
      }
      String state = null;
      String lastUpdated = null;
      String lastChanged = null;
      boolean lastUpdatedNumber = false;
      boolean lastChangedNumber = false;
      boolean lastChangedGiven = false;
      Map<String, Object> attributes = Map.of();
      for (String name = parser.nextName(); name != null; name = parser.nextName()) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "s" -> state = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          case "lu" -> {
            lastUpdatedNumber = value.isNumeric();
            lastUpdated = lastUpdatedNumber ? decimalText(value) : null;
          }
          case "lc" -> {
            lastChangedGiven = value != JsonToken.VALUE_NULL;
            lastChangedNumber = value.isNumeric();
            lastChanged = lastChangedNumber ? decimalText(value) : null;
          }
          case "a" -> {
            if (value == JsonToken.START_OBJECT) {
              attributes = states.readAttributes(parser);
            }
          }
          default -> {}
        }
        parser.skipChildren();
      }
      if (state == null) {
        throw new RowException(RejectionReason.STATE_NOT_STRING, "s is missing or not a string");
      }
      Instant updated = time(lastUpdated, lastUpdatedNumber, "lu");
      Instant changed = lastChangedGiven ? time(lastChanged, lastChangedNumber, "lc") : updated;
      HaState newState = new HaState(entityId, state, attributes, changed, updated);
      return new StateChangedEvent(entityId, updated, newState, EventSource.BACKFILL, receivedAt);
    }

    /** A number's exact decimal text, without an exponent. */
    private String decimalText(JsonToken value) {
      return value == JsonToken.VALUE_NUMBER_FLOAT
          ? parser.getDecimalValue().toPlainString()
          : parser.getString();
    }

    private long offset() {
      return parser.currentTokenLocation().getCharOffset();
    }

    /** The text of the value that started at {@code start} and ends where the parser stands. */
    private String textFrom(long start) {
      long end = parser.currentLocation().getCharOffset();
      return frame.substring((int) (base + start), (int) (base + end));
    }

    @Override
    public void close() {
      parser.close();
    }
  }

  private static Instant time(String text, boolean number, String field) {
    if (!number) {
      throw new RowException(RejectionReason.INVALID_TIMESTAMP, field + " is not a number");
    }
    try {
      return HaTimestamps.fromEpochSeconds(text);
    } catch (IllegalArgumentException e) {
      throw new RowException(RejectionReason.INVALID_TIMESTAMP, field + ": " + e.getMessage());
    }
  }

  private static final class RowException extends IllegalArgumentException {
    private final RejectionReason reason;

    RowException(RejectionReason reason, String message) {
      super(message);
      this.reason = reason;
    }
  }
}
