package dev.haingestor.ingestion.publish;

import java.time.Duration;

/**
 * A token bucket that tells the publisher how long to wait before a batch, so that publication
 * stays at or below a rate. It only ever delays: nothing is dropped, events wait in the buffers
 * (whose overflow is recorded as a gap and backfilled). The bucket holds at most one second of
 * tokens, so an idle period does not allow a burst above the rate for longer than a second. Used by
 * the publisher's single thread only.
 */
final class RateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private int rate;
  private double tokens;
  private long refilledAt;

  /**
   * How many events of the next batch may be published, given the batch size wanted; at least 1.
   */
  int permitted(int wanted, int currentRate) {
    if (currentRate <= 0) {
      return wanted;
    }
    return Math.max(1, Math.min(wanted, currentRate));
  }

  /**
   * Takes {@code events} tokens at {@code currentRate} events/s and says how long to wait before
   * publishing them; {@link Duration#ZERO} when unlimited or when tokens were available.
   */
  Duration reserve(int events, int currentRate, long nowNanos) {
    if (currentRate <= 0) {
      rate = 0;
      return Duration.ZERO;
    }
    if (rate != currentRate) {
      // Unlimited until now: start with a full bucket; a changed limit keeps what is left.
      tokens = rate == 0 ? currentRate : Math.min(tokens, currentRate);
      rate = currentRate;
      refilledAt = nowNanos;
    }
    double elapsedSeconds = Math.max(0, nowNanos - refilledAt) / (double) NANOS_PER_SECOND;
    tokens = Math.min(rate, tokens + elapsedSeconds * rate);
    refilledAt = nowNanos;
    tokens -= events;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / rate * NANOS_PER_SECOND));
  }
}
