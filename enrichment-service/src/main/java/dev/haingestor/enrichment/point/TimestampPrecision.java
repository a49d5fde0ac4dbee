package dev.haingestor.enrichment.point;

import dev.haingestor.common.config.Precision;
import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import java.util.Locale;

/**
 * The unit of line-protocol timestamps ({@code precision=} of the write). HA's timestamps carry
 * microseconds, so {@link #NS} and {@link #US} keep them exactly; {@link #MS} and {@link #S}
 * truncate, and two states of one entity within the same unit then overwrite each other.
 */
public enum TimestampPrecision {
  NS,
  US,
  MS,
  S;

  /** The precision named by the shared configuration record. */
  public static TimestampPrecision of(Precision precision) {
    return switch (precision) {
      case NS -> NS;
      case US -> US;
      case MS -> MS;
      case S -> S;
    };
  }

  /** The shared configuration record's name for this precision. */
  public Precision toPrecision() {
    return switch (this) {
      case NS -> Precision.NS;
      case US -> Precision.US;
      case MS -> Precision.MS;
      case S -> Precision.S;
    };
  }

  /** The query-parameter value, e.g. {@code ns}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The instant as a count of this unit since the epoch, truncated toward negative infinity. */
  public long fromInstant(Instant instant) {
    return switch (this) {
      case NS ->
          Math.addExact(
              Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
      case US -> HaTimestamps.toEpochMicros(instant);
      case MS -> Math.floorDiv(HaTimestamps.toEpochMicros(instant), 1_000L);
      case S -> instant.getEpochSecond();
    };
  }
}
