package dev.haingestor.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesComeFromTheBucketDeltasBetweenTwoScrapes() {
    // Before: 100 old values at ≤ 1 ms. After: 100 more at ≤ 1 ms, 80 in (1, 2], 20 in (2, 4].
    NavigableMap<Double, Double> before = buckets(100, 100, 100, 100);
    NavigableMap<Double, Double> after = buckets(200, 280, 300, 300);

    LatencyHistogram histogram = LatencyHistogram.between(before, after);

    assertThat(histogram.count()).isEqualTo(200);
    // Rank 100 of 200 ends exactly at the 1 ms bound.
    assertThat(histogram.quantile(0.50)).isCloseTo(0.001, within(1e-9));
    // Rank 190: 90 of the 80 in (1, 2] are passed; 10 of the 20 in (2, 4] → halfway, 3 ms.
    assertThat(histogram.quantile(0.95)).isCloseTo(0.003, within(1e-9));
    assertThat(histogram.maxUpperBound()).isEqualTo(0.004);
  }

  @Test
  void aValueAboveEveryFiniteBucketIsReportedAtTheHighestBound() {
    NavigableMap<Double, Double> after = buckets(0, 0, 0, 10);

    LatencyHistogram histogram = LatencyHistogram.between(new TreeMap<>(), after);

    assertThat(histogram.quantile(0.99)).isEqualTo(0.004);
    assertThat(histogram.maxUpperBound()).isInfinite();
  }

  @Test
  void nothingRecordedHasNoPercentiles() {
    NavigableMap<Double, Double> same = buckets(5, 5, 5, 5);

    LatencyHistogram histogram = LatencyHistogram.between(same, same);

    assertThat(histogram.count()).isZero();
    assertThat(histogram.quantile(0.5)).isNaN();
    assertThat(histogram.maxUpperBound()).isNaN();
  }

  /** Cumulative counts at 1 ms, 2 ms, 4 ms and +Inf. */
  private static NavigableMap<Double, Double> buckets(
      double at1, double at2, double at4, double atInf) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.001, at1);
    buckets.put(0.002, at2);
    buckets.put(0.004, at4);
    buckets.put(Double.POSITIVE_INFINITY, atInf);
    return buckets;
  }
}
