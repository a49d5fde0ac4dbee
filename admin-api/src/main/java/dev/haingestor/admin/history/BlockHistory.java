package dev.haingestor.admin.history;

import dev.haingestor.common.event.HaTimestamps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A history answer computed from cached blocks, equal to what InfluxDB answers for the same request
 * ({@link HistoryFinder}): the points in {@code start..end} inclusive; or per bucket of {@code
 * every}, aligned to the epoch as InfluxQL's {@code GROUP BY time} aligns them, the bucket's start
 * and its mean, min, max, last or count, empty buckets left out, at most {@code maxPoints + 1}
 * buckets per series as the statement's {@code LIMIT}. Means add the points oldest first, as
 * InfluxDB's reducer does for one shard.
 */
final class BlockHistory {

  private BlockHistory() {}

  static History history(
      String entityId, HistoryQuery.Resolved plan, List<PointBlock> blocks, int maxPoints) {
    long start = PointBlock.epochNanos(plan.start());
    long end = PointBlock.epochNanos(plan.end());
    Map<String, Column> inRange = new HashMap<>();
    for (PointBlock block : blocks) {
      for (PointBlock.Series series : block.series()) {
        long[] times = series.times();
        int from = lowerBound(times, start);
        int to = lowerBound(times, end + 1);
        if (from < to) {
          inRange.computeIfAbsent(series.measurement(), m -> new Column()).add(series, from, to);
        }
      }
    }
    boolean raw = plan.raw() && inRange.values().stream().allMatch(c -> c.size <= maxPoints);
    List<History.Series> series = new ArrayList<>(inRange.size());
    for (Map.Entry<String, Column> entry : inRange.entrySet()) {
      List<History.Point> points =
          raw
              ? entry.getValue().points()
              : entry.getValue().buckets(plan.every().toNanos(), plan.fn(), maxPoints + 1);
      series.add(new History.Series(entry.getKey(), points));
    }
    HistoryQuery.Resolved answered =
        new HistoryQuery.Resolved(plan.start(), plan.end(), raw, plan.every(), plan.fn());
    return HistoryFinder.assemble(entityId, answered, series);
  }

  /** The first index whose time is at least {@code time}. */
  private static int lowerBound(long[] times, long time) {
    int low = 0;
    int high = times.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (times[middle] < time) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * One measurement's points in the range, oldest first: slices of consecutive blocks' arrays, read
   * in place.
   */
  private static final class Column {
    private final List<PointBlock.Series> slices = new ArrayList<>();
    private final List<int[]> bounds = new ArrayList<>();
    private int size;

    void add(PointBlock.Series series, int from, int to) {
      slices.add(series);
      bounds.add(new int[] {from, to});
      size += to - from;
    }

    List<History.Point> points() {
      List<History.Point> points = new ArrayList<>(size);
      for (int s = 0; s < slices.size(); s++) {
        long[] times = slices.get(s).times();
        double[] values = slices.get(s).values();
        for (int i = bounds.get(s)[0]; i < bounds.get(s)[1]; i++) {
          points.add(new History.Point(format(times[i]), values[i]));
        }
      }
      return points;
    }

    List<History.Point> buckets(long every, Aggregation fn, int limit) {
      Bucket bucket = new Bucket(fn, limit);
      for (int s = 0; s < slices.size() && !bucket.full(); s++) {
        long[] times = slices.get(s).times();
        double[] values = slices.get(s).values();
        for (int i = bounds.get(s)[0]; i < bounds.get(s)[1] && !bucket.full(); i++) {
          bucket.add(Math.floorDiv(times[i], every) * every, values[i]);
        }
      }
      return bucket.finish();
    }
  }

  /** Folds points, bucket by bucket, into one point per non-empty bucket. */
  private static final class Bucket {
    private final Aggregation fn;
    private final int limit;
    private final List<History.Point> points = new ArrayList<>();
    private long start;
    private double sum;
    private double min;
    private double max;
    private double last;
    private int count;

    Bucket(Aggregation fn, int limit) {
      this.fn = fn;
      this.limit = limit;
    }

    boolean full() {
      return points.size() >= limit;
    }

    void add(long bucketStart, double value) {
      if (count > 0 && bucketStart != start) {
        emit();
      }
      if (count == 0) {
        start = bucketStart;
        sum = 0;
        min = value;
        max = value;
      }
      sum += value;
      // Strict comparisons, as InfluxDB's selectors: the first of equal values stays.
      if (value < min) {
        min = value;
      }
      if (value > max) {
        max = value;
      }
      last = value;
      count++;
    }

    List<History.Point> finish() {
      if (count > 0 && !full()) {
        emit();
      }
      return points;
    }

    private void emit() {
      double result =
          switch (fn) {
            case MEAN -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case LAST -> last;
            case COUNT -> count;
          };
      points.add(new History.Point(format(start), result));
      count = 0;
    }
  }

  private static String format(long epochNanos) {
    return HaTimestamps.format(PointBlock.instant(epochNanos));
  }
}
