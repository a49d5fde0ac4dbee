package dev.haingestor.ingestion.buffer;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.StreamEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * A live event as it waits in the {@link EventBuffer} and in a round of XADDs: its new state is
 * already encoded for the stream, one string instead of a map of attributes.
 *
 * <p>Waiting events outlive young collections. Under load the buffer holds tens of thousands of
 * them, and the collector copies each; with fewer and smaller objects its pauses are shorter, and a
 * pause longer than HA's queue of 4,096 messages lasts makes HA drop the connection.
 *
 * @param entityId the entity that changed
 * @param timeFired when HA fired the event
 * @param receivedAtMicros when the service read it, in microseconds since the epoch
 * @param newState the stream entry's {@code new_state} (see {@link EventCodec#encodeState}), or
 *     {@code null} when the entity was removed
 */
public record EncodedEvent(
    String entityId, Instant timeFired, long receivedAtMicros, String newState) {

  public EncodedEvent {
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(timeFired, "timeFired");
  }

  /** Encodes a live event's new state. */
  public static EncodedEvent of(StateChangedEvent event, EventCodec codec) {
    if (event.source() != EventSource.LIVE) {
      throw new IllegalArgumentException("the buffer holds live events, not " + event.source());
    }
    return new EncodedEvent(
        event.entityId(),
        event.timeFired(),
        HaTimestamps.toEpochMicros(event.receivedAt()),
        codec.encodeState(event.newState()));
  }

  /** The stream entry. */
  public StreamEntry entry(EventCodec codec) {
    return codec.entry(entityId, timeFired, EventSource.LIVE, receivedAtMicros, newState);
  }
}
