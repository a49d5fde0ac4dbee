package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Real time at HA's precision (the microsecond), forced to move forward by at least one microsecond
 * per reading, so every emitted {@code last_updated} is unique and strictly increasing: (entity_id,
 * time) then identifies a point, as it does for HA's recorder.
 */
public final class MonotonicClock {

  private final InstantSource source;
  private long lastMicros = Long.MIN_VALUE;

  public MonotonicClock(InstantSource source) {
    this.source = source;
  }

  public synchronized Instant next() {
    long micros = Math.max(HaTimestamps.toEpochMicros(source.instant()), lastMicros + 1);
    lastMicros = micros;
    return HaTimestamps.toInstant(micros);
  }

  /** The wall clock this clock follows, for "is this in the future" checks. */
  public Instant wallTime() {
    return source.instant();
  }
}
