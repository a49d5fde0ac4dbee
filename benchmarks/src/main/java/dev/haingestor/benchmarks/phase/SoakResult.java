package dev.haingestor.benchmarks.phase;

import java.util.Map;

/**
 * A long phase at a steady rate, for memory growth.
 *
 * @param minutes how long events were offered
 * @param rate events per second offered
 * @param services per service: RSS at the start of the second half, at the end, the peak, and the
 *     growth trend over the second half (least-squares slope) — the first half is warm-up (heap
 *     sizing, JIT)
 * @param flat whether every service's trend stayed below {@link #FLAT_MB_PER_MINUTE}
 * @param delivery the zero-loss check of every event of the soak, window by window
 */
public record SoakResult(
    double minutes,
    double rate,
    int events,
    Map<String, Trend> services,
    boolean flat,
    Delivery delivery) {

  /** A growth below this is noise of a garbage-collected heap, not a leak. */
  public static final double FLAT_MB_PER_MINUTE = 1.0;

  public record Trend(
      double rssMbSecondHalfStart, double rssMbEnd, double rssMbPeak, double mbPerMinute) {}
}
