package dev.haingestor.admin.history;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity's stored {@code value} points in one hour aligned to the epoch, by measurement, as the
 * history block cache keeps them in Redis — or the mark that the hour holds more points than the
 * cache takes ({@link #tooDense}).
 *
 * <p>Stored as bytes, not text: a block is read once per history request that covers it, and
 * parsing thousands of decimal numbers per request would cost more than the InfluxDB query the
 * cache saves.
 *
 * @param startNanos the hour's start, epoch nanoseconds
 * @param expiresAtMillis when the block leaves Redis (epoch milliseconds): how long a copy in
 *     memory stays as fresh as Redis's
 * @param tooDense the hour has more points than {@code ADMIN_HISTORY_BLOCK_MAX_POINTS}; {@code
 *     series} is empty
 * @param series the measurements with points in the hour, each oldest first
 */
record PointBlock(long startNanos, long expiresAtMillis, boolean tooDense, List<Series> series) {

  static final Duration SPAN = Duration.ofHours(1);
  static final long SPAN_NANOS = SPAN.toNanos();

  private static final byte FORMAT = 2;
  private static final Instant EARLIEST = instant(Long.MIN_VALUE + SPAN_NANOS);
  private static final Instant LATEST = instant(Long.MAX_VALUE - 2 * SPAN_NANOS);

  PointBlock {
    series = List.copyOf(series);
  }

  /**
   * One measurement's points; {@code times[i]} (epoch nanoseconds) belongs to {@code values[i]}.
   * The arrays are shared, not copied: nothing changes them after decoding or fetching.
   */
  record Series(String measurement, long[] times, double[] values) {

    Series {
      if (times.length != values.length) {
        throw new IllegalArgumentException(
            times.length + " times for " + values.length + " values");
      }
    }

    int size() {
      return times.length;
    }
  }

  static PointBlock tooDense(long startNanos, long expiresAtMillis) {
    return new PointBlock(startNanos, expiresAtMillis, true, List.of());
  }

  /** Points over all series. */
  int points() {
    int points = 0;
    for (Series one : series) {
      points += one.size();
    }
    return points;
  }

  /** The aligned hour that holds {@code epochNanos}. */
  static long blockStart(long epochNanos) {
    return Math.floorDiv(epochNanos, SPAN_NANOS) * SPAN_NANOS;
  }

  /** Whether {@link #epochNanos} can hold the instant (1677 to 2262, InfluxDB's own range). */
  static boolean inNanosRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  /**
   * Format byte, start, expiry, dense flag, series count; per series: name, point count, points.
   */
  byte[] encode() {
    List<byte[]> names = new ArrayList<>(series.size());
    int size = 1 + Long.BYTES + Long.BYTES + 1 + Integer.BYTES;
    for (Series one : series) {
      byte[] name = one.measurement().getBytes(StandardCharsets.UTF_8);
      names.add(name);
      size +=
          Integer.BYTES + name.length + Integer.BYTES + one.size() * (Long.BYTES + Double.BYTES);
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT)
        .putLong(startNanos)
        .putLong(expiresAtMillis)
        .put((byte) (tooDense ? 1 : 0))
        .putInt(series.size());
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      out.putInt(names.get(s).length).put(names.get(s)).putInt(one.size());
      for (int i = 0; i < one.size(); i++) {
        out.putLong(one.times()[i]).putDouble(one.values()[i]);
      }
    }
    return out.array();
  }

  /**
   * The block in {@code bytes}, or {@code null} when they are not a block of this format (written
   * by another version, or damaged): the caller treats that as a miss.
   */
  static PointBlock decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != FORMAT) {
        return null;
      }
      long start = in.getLong();
      long expiresAt = in.getLong();
      boolean dense = in.get() != 0;
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        return null;
      }
      List<Series> series = new ArrayList<>(count);
      for (int s = 0; s < count; s++) {
        int nameLength = in.getInt();
        if (nameLength < 0 || nameLength > in.remaining()) {
          return null;
        }
        byte[] name = new byte[nameLength];
        in.get(name);
        int points = in.getInt();
        if (points < 0 || points > in.remaining() / (Long.BYTES + Double.BYTES)) {
          return null;
        }
        long[] times = new long[points];
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
          times[i] = in.getLong();
          values[i] = in.getDouble();
        }
        series.add(new Series(new String(name, StandardCharsets.UTF_8), times, values));
      }
      return in.hasRemaining() ? null : new PointBlock(start, expiresAt, dense, series);
    } catch (BufferUnderflowException e) {
      return null;
    }
  }
}
