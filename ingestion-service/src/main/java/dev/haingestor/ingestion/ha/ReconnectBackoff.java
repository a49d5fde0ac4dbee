package dev.haingestor.ingestion.ha;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter between reconnection attempts: the n-th consecutive failure
 * waits {@code min(max, min·2ⁿ)}, reduced by up to {@value #JITTER} of itself at random but never
 * below {@code min}. Reset after a successful subscription, so a single drop reconnects fast while
 * a long HA outage is probed only every {@code max}.
 */
public final class ReconnectBackoff {

  /** Fraction of the delay that is randomised. */
  static final double JITTER = 0.5;

  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;
  private int failures; // guarded by this

  public ReconnectBackoff(Duration min, Duration max) {
    this(min, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random uniform values in {@code [0, 1)}
   */
  ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, got " + min + " and " + max);
    }
    this.min = min;
    this.max = max;
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more consecutive failure. */
  public synchronized Duration nextDelay() {
    Duration delay = delay(failures, random.getAsDouble());
    if (failures < Integer.MAX_VALUE) {
      failures++;
    }
    return delay;
  }

  /** Consecutive failures so far. */
  public synchronized int failures() {
    return failures;
  }

  public synchronized void reset() {
    failures = 0;
  }

  Duration delay(int previousFailures, double randomValue) {
    long minNanos = min.toNanos();
    long maxNanos = max.toNanos();
    long ceiling = maxNanos;
    // min·2ⁿ without overflow: stop doubling once past max.
    if (previousFailures < 62 && minNanos <= (maxNanos >> previousFailures)) {
      ceiling = Math.min(maxNanos, minNanos << previousFailures);
    }
    long jittered = ceiling - (long) (ceiling * JITTER * randomValue);
    return Duration.ofNanos(Math.max(minNanos, jittered));
  }
}
