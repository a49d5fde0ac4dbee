package dev.haingestor.common.stream;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Encodes events as flat stream entries (field → string) and back; the stream contract. */
public final class EventCodec {

  public static final String CURRENT_VERSION = "1";

  private final JsonMapper mapper;
  private final HaStateJson stateJson;

  public EventCodec(JsonMapper mapper) {
    this.mapper = mapper;
    this.stateJson = new HaStateJson(mapper);
  }

  public Map<String, String> encode(StateChangedEvent event) {
    return encode(
        event.entityId(),
        event.timeFired(),
        event.source(),
        HaTimestamps.toEpochMicros(event.receivedAt()),
        encodeState(event.newState()));
  }

  /**
   * The entry of an event whose new state was encoded ahead (by {@link #encodeState}), e.g. while
   * it waits to be published: one string keeps less memory than the state's attributes.
   *
   * @param newState the encoded new state, or {@code null} when the entity was removed
   */
  public Map<String, String> encode(
      String entityId,
      Instant timeFired,
      EventSource source,
      long receivedAtMicros,
      String newState) {
    return entry(entityId, timeFired, source, receivedAtMicros, newState).toMap();
  }

  /**
   * Like {@link #encode(String, Instant, EventSource, long, String)}, as fields made only when they
   * are written: an entry waiting for Redis's reply holds no strings of its own.
   */
  public StreamEntry entry(
      String entityId,
      Instant timeFired,
      EventSource source,
      long receivedAtMicros,
      String newState) {
    return new EventEntry(entityId, timeFired, source, receivedAtMicros, newState);
  }

  /** The stream contract's fields of one event, in order. */
  private record EventEntry(
      String entityId,
      Instant timeFired,
      EventSource source,
      long receivedAtMicros,
      String newState)
      implements StreamEntry {

    @Override
    public int size() {
      return newState == null ? 5 : 6;
    }

    @Override
    public void forEachField(BiConsumer<String, String> field) {
      field.accept(StreamFields.SCHEMA_VERSION, CURRENT_VERSION);
      field.accept(StreamFields.SOURCE, source.wireName());
      field.accept(StreamFields.ENTITY_ID, entityId);
      field.accept(StreamFields.TIME_FIRED, HaTimestamps.format(timeFired));
      field.accept(StreamFields.RECEIVED_AT, Long.toString(receivedAtMicros));
      if (newState != null) {
        field.accept(StreamFields.NEW_STATE, newState);
      }
    }
  }

  /**
   * A state as an entry's {@code new_state} field holds it; {@code null} (a removed entity, which
   * has no such field) for {@code null}.
   */
  public String encodeState(HaState state) {
    return state == null ? null : stateJson.writeString(state);
  }

  /**
   * Decodes a stream entry.
   *
   * @throws InvalidEventException when the entry does not follow the contract
   */
  public StateChangedEvent decode(Map<String, String> fields) {
    String version = fields.get(StreamFields.SCHEMA_VERSION);
    if (!CURRENT_VERSION.equals(version)) {
      throw new InvalidEventException(
          RejectionReason.UNSUPPORTED_SCHEMA_VERSION, "unsupported entry version: " + version);
    }
    String entityId = required(fields, StreamFields.ENTITY_ID);
    try {
      Instant timeFired = HaTimestamps.parse(required(fields, StreamFields.TIME_FIRED));
      Instant receivedAt =
          HaTimestamps.toInstant(Long.parseLong(required(fields, StreamFields.RECEIVED_AT)));
      EventSource source = EventSource.fromWireName(required(fields, StreamFields.SOURCE));
      String newStateJson = fields.get(StreamFields.NEW_STATE);
      HaState newState = newStateJson == null ? null : stateJson.read(newStateJson);
      return new StateChangedEvent(entityId, timeFired, newState, source, receivedAt);
    } catch (JacksonException e) {
      throw new InvalidEventException(RejectionReason.INVALID_JSON, "new_state is not JSON", e);
    } catch (InvalidEventException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new InvalidEventException(RejectionReason.MISSING_FIELD, name + " is missing");
    }
    return value;
  }
}
