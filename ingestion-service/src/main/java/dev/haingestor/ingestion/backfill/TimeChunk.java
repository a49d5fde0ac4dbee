package dev.haingestor.ingestion.backfill;

import java.time.Duration;

/**
 * The time span one history request asks for, adapted to how dense the recorder's rows are: an
 * answer larger than {@code HA_MAX_FRAME_SIZE} costs the connection, and a span fixed small for a
 * dense window would turn a long sparse outage into hundreds of thousands of requests.
 *
 * <p>It aims at answers of an eighth of the frame limit: after each span it scales to the density
 * just seen (growing at most twofold per span, up to the configured {@code BACKFILL_TIME_CHUNK});
 * after a connection lost while an answer was due, it halves the span that was asked for, not the
 * configured one, so that a short dense window is reached in a few steps. Never below {@link #MIN}.
 */
final class TimeChunk {

  /** The smallest span asked for. */
  static final Duration MIN = Duration.ofMillis(100);

  private static final int TARGET_FRACTION = 8;
  private static final double MAX_GROWTH = 2.0;

  private final Duration max;
  private final long targetChars;
  private Duration current; // guarded by this

  /**
   * @param configured the span to start with and never exceed ({@code BACKFILL_TIME_CHUNK})
   * @param maxFrameBytes {@code HA_MAX_FRAME_SIZE}
   */
  TimeChunk(Duration configured, long maxFrameBytes) {
    this.max = configured;
    this.current = configured;
    this.targetChars = Math.max(1, maxFrameBytes / TARGET_FRACTION);
  }

  synchronized Duration current() {
    return current;
  }

  /**
   * All answers for a span came in.
   *
   * @param asked the span asked for (shorter than {@link #current()} at a window's end)
   * @param largestAnswer the length of the largest of its answers' frames
   * @return the span from now on
   */
  synchronized Duration answered(Duration asked, long largestAnswer) {
    double factor =
        largestAnswer <= 0
            ? MAX_GROWTH
            : Math.min(MAX_GROWTH, (double) targetChars / largestAnswer);
    Duration scaled = Duration.ofNanos((long) (asked.toNanos() * factor));
    // A short span with a small answer says little about a longer one: it never shrinks the span.
    current = clamp(factor < 1 ? scaled : longer(current, scaled));
    return current;
  }

  /**
   * The connection ended while an answer for {@code asked} was due; perhaps the answer was larger
   * than the frame limit.
   *
   * @return the span from now on
   */
  synchronized Duration lost(Duration asked) {
    current = clamp(shorter(current, asked.dividedBy(2)));
    return current;
  }

  private Duration clamp(Duration span) {
    return longer(MIN, shorter(max, span));
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
