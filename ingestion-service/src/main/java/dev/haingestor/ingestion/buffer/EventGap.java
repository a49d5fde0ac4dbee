package dev.haingestor.ingestion.buffer;

import java.time.Instant;
import java.util.Objects;

/**
 * A window of events that were read from HA but never reached the stream; what a backfill from HA's
 * recorder has to fill.
 *
 * @param from the earliest lost {@code time_fired}
 * @param to the latest lost {@code time_fired}
 * @param events how many events were lost
 */
public record EventGap(Instant from, Instant to, long events) {

  public EventGap {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  public static EventGap of(Instant timeFired) {
    return new EventGap(timeFired, timeFired, 1);
  }

  /** Whether the two windows overlap or touch within {@code slack}. */
  public boolean overlaps(EventGap other, java.time.Duration slack) {
    return !from.minus(slack).isAfter(other.to) && !other.from.minus(slack).isAfter(to);
  }

  public EventGap merge(EventGap other) {
    return new EventGap(
        from.isBefore(other.from) ? from : other.from,
        to.isAfter(other.to) ? to : other.to,
        events + other.events);
  }
}
