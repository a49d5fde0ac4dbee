package dev.haingestor.testsupport.influx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Unique database/bucket names for test isolation, safe to use unquoted in InfluxQL. */
final class DatabaseNames {

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,40}");
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private DatabaseNames() {}

  /** {@code prefix_N}, unique in this JVM (each JVM has its own server). */
  static String next(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "database prefix must be a letter followed by up to 40 letters, digits or '_': "
              + prefix);
    }
    return prefix + "_" + SEQUENCE.incrementAndGet();
  }
}
