package dev.haingestor.simulator.history;

import dev.haingestor.common.event.HaTimestamps;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The recorder's timestamps ({@code lu}, {@code lc}): Python floats of epoch seconds, serialized
 * with the shortest repr. At today's epoch that is the exact microsecond value with trailing zeros
 * dropped ({@code 1714557600.12345}, {@code 1714557600.0}), so clients can recover the live event's
 * microsecond by reading the decimal text.
 */
public final class EpochSeconds {

  private EpochSeconds() {}

  public static String format(Instant instant) {
    BigDecimal seconds =
        BigDecimal.valueOf(HaTimestamps.toEpochMicros(instant), 6).stripTrailingZeros();
    String text =
        seconds.scale() <= 0 ? seconds.setScale(1).toPlainString() : seconds.toPlainString();
    return text;
  }
}
