package dev.haingestor.admin.history;

import java.util.Locale;

/**
 * The InfluxQL function applied to the {@code value} field per time bucket. The function's name is
 * the only part of the statement taken from a parameter, and only from this closed set.
 */
enum Aggregation {
  MEAN,
  MIN,
  MAX,
  LAST,
  COUNT;

  static final Aggregation DEFAULT = MEAN;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The InfluxQL function call, e.g. {@code mean("value")}. */
  String influxQl(String field) {
    return wireName() + "(\"" + field + "\")";
  }

  /** {@code null} for anything but the exact lower-case names. */
  static Aggregation parse(String text) {
    for (Aggregation aggregation : values()) {
      if (aggregation.wireName().equals(text)) {
        return aggregation;
      }
    }
    return null;
  }
}
