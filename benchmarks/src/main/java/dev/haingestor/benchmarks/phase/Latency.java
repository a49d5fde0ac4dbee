package dev.haingestor.benchmarks.phase;

import dev.haingestor.benchmarks.measure.LatencyHistogram;

/**
 * Latency percentiles of one phase in milliseconds, from histogram bucket deltas; {@code null} when
 * nothing was recorded. {@code maxMs} is the upper bound of the highest bucket hit.
 */
public record Latency(long count, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {

  static Latency of(LatencyHistogram histogram) {
    if (histogram.count() == 0) {
      return new Latency(0, null, null, null, null);
    }
    return new Latency(
        histogram.count(),
        millis(histogram.quantile(0.50)),
        millis(histogram.quantile(0.95)),
        millis(histogram.quantile(0.99)),
        millis(histogram.maxUpperBound()));
  }

  private static Double millis(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return null;
    }
    return Math.round(seconds * 1000 * 100) / 100.0;
  }
}
