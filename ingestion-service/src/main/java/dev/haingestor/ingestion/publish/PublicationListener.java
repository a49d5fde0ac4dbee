package dev.haingestor.ingestion.publish;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.buffer.EncodedEvent;
import java.time.Duration;
import java.util.List;

/**
 * Learns what the {@link StreamPublisher} did: the checkpoint follows confirmed live events, the
 * backfill starts when Redis works again. Called on the publisher's thread: return quickly.
 */
public interface PublicationListener {

  /**
   * A round of XADDs was confirmed by Redis.
   *
   * @param live the live events of the round, in stream order
   * @param other the backfilled, snapshot or re-published events of the round
   */
  default void published(List<EncodedEvent> live, List<StateChangedEvent> other) {}

  /** Publishing works again after failing for {@code outage}. */
  default void recovered(Duration outage) {}

  /** Live events that could not be published before the publisher stopped. */
  default void abandoned(List<EncodedEvent> events) {}
}
