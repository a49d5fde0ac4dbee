package dev.haingestor.benchmarks.measure;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The latencies recorded between two scrapes of a cumulative histogram: the bucket deltas, and
 * percentiles from them by linear interpolation inside a bucket (as Prometheus' {@code
 * histogram_quantile}). Precision is the bucket width; the maximum is the upper bound of the
 * highest bucket that received a value.
 */
public final class LatencyHistogram {

  /** Upper bound (seconds) → cumulative count, {@code +Inf} last. */
  private final NavigableMap<Double, Double> cumulative;

  private LatencyHistogram(NavigableMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  /** The values recorded after {@code before} and up to {@code after} (cumulative buckets). */
  public static LatencyHistogram between(
      NavigableMap<Double, Double> before, NavigableMap<Double, Double> after) {
    NavigableMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : after.entrySet()) {
      double earlier = before.getOrDefault(bucket.getKey(), 0.0);
      delta.put(bucket.getKey(), Math.max(0, bucket.getValue() - earlier));
    }
    return new LatencyHistogram(delta);
  }

  /** How many values were recorded. */
  public long count() {
    return cumulative.isEmpty() ? 0 : Math.round(cumulative.lastEntry().getValue());
  }

  /**
   * The q-quantile (0 < q ≤ 1) in seconds, or {@code NaN} with no values. A quantile that falls in
   * the {@code +Inf} bucket is reported as the highest finite bound.
   */
  public double quantile(double q) {
    long count = count();
    if (count == 0) {
      return Double.NaN;
    }
    double rank = q * count;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      double upperBound = bucket.getKey();
      double upperCount = bucket.getValue();
      if (upperCount >= rank) {
        if (Double.isInfinite(upperBound)) {
          return lowerBound;
        }
        double inBucket = upperCount - lowerCount;
        if (inBucket <= 0) {
          return upperBound;
        }
        return lowerBound + (upperBound - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = upperBound;
      lowerCount = upperCount;
    }
    return lowerBound;
  }

  /**
   * The upper bound (seconds) of the highest bucket that received a value: the maximum, to bucket
   * precision; {@code +Inf} when a value exceeded every finite bucket; {@code NaN} with no values.
   */
  public double maxUpperBound() {
    double previous = 0;
    double max = Double.NaN;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() > previous) {
        max = bucket.getKey();
      }
      previous = bucket.getValue();
    }
    return max;
  }
}
