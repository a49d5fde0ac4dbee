package dev.haingestor.enrichment.point;

import java.util.Arrays;

/**
 * The line protocol of one batch in one buffer, with where each line starts, so that a rejected
 * batch can be split into halves (and those into halves) without encoding any point again. Not
 * thread-safe while being filled; read-only afterwards.
 */
public final class LineBatch {

  private final TimestampPrecision precision;
  private final StringBuilder text;
  private int[] starts;
  private int size;

  public LineBatch(TimestampPrecision precision, int expectedLines) {
    this.precision = precision;
    this.text = new StringBuilder(Math.max(16, expectedLines) * 256);
    this.starts = new int[Math.max(4, expectedLines)];
  }

  /** Appends the point's line; its index is the {@link #size()} before the call. */
  public void add(InfluxPoint point) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
    }
    starts[size++] = text.length();
    LineProtocol.append(text, point, precision);
  }

  /** The precision every line's timestamp is written in. */
  public TimestampPrecision precision() {
    return precision;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Lines {@code from} (inclusive) to {@code to} (exclusive), each ending in {@code \n}. */
  public String slice(int from, int to) {
    if (from < 0 || to > size || from >= to) {
      throw new IndexOutOfBoundsException("lines " + from + ".." + to + " of " + size);
    }
    int end = to == size ? text.length() : starts[to];
    return text.substring(starts[from], end);
  }

  /** Every line. */
  public String body() {
    return size == 0 ? "" : slice(0, size);
  }

  /** Bytes of the whole body in UTF-16 chars, for sizing. */
  public int length() {
    return text.length();
  }
}
