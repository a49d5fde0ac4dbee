package dev.haingestor.enrichment.point;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes points as InfluxDB line protocol into one buffer per batch, escaping as InfluxDB 1.x and
 * 2.x parse it: measurement — comma and space; tag keys, tag values and field keys — comma, equals
 * sign and space; string field values — double quote and backslash. A backslash in a name is
 * doubled where it would otherwise escape what follows it (at the end of the name, say). Newline,
 * carriage return and tab in names become the two-character sequences {@code \n}, {@code \r},
 * {@code \t}, as HA's Python clients write them; a raw newline would end the line. Floats always
 * keep a decimal point or exponent ({@code 21.0}), so InfluxDB never types them as integers.
 *
 * <p>Written by hand rather than with influxdb-client's {@code Point}: one {@link StringBuilder}
 * for the whole batch, no per-point objects or formatting, and the same bytes for the v1 and v2
 * sinks.
 */
public final class LineProtocol {

  private LineProtocol() {}

  /**
   * Appends one line (ending in {@code \n}) for the point; tags with an empty key or value and
   * fields with an empty key are left out, as InfluxDB would refuse them.
   */
  public static void append(StringBuilder out, InfluxPoint point, TimestampPrecision precision) {
    escapeName(out, point.measurement(), false);
    for (Map.Entry<String, String> tag : sortedTags(point.tags())) {
      out.append(',');
      escapeName(out, tag.getKey(), true);
      out.append('=');
      escapeName(out, tag.getValue(), true);
    }
    char separator = ' ';
    for (Map.Entry<String, Object> field : point.fields().entrySet()) {
      if (field.getKey().isEmpty() || field.getValue() == null) {
        continue;
      }
      out.append(separator);
      separator = ',';
      escapeName(out, field.getKey(), true);
      out.append('=');
      appendFieldValue(out, field.getValue());
    }
    out.append(' ').append(precision.fromInstant(point.time())).append('\n');
  }

  /** Tags sorted by key, as InfluxDB recommends for its fastest write path. */
  private static List<Map.Entry<String, String>> sortedTags(Map<String, String> tags) {
    List<Map.Entry<String, String>> sorted = new ArrayList<>(tags.size());
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (!tag.getKey().isEmpty() && tag.getValue() != null && !tag.getValue().isEmpty()) {
        sorted.add(tag);
      }
    }
    sorted.sort(Map.Entry.comparingByKey());
    return sorted;
  }

  private static void appendFieldValue(StringBuilder out, Object value) {
    if (value instanceof Double d) {
      appendFloat(out, d);
    } else {
      out.append('"');
      String text = value.toString();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    }
  }

  /** {@code 21.0}, {@code -0.5}, {@code 1.0e-5}: always parsed as a float by InfluxDB. */
  static void appendFloat(StringBuilder out, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("InfluxDB cannot store " + value);
    }
    int start = out.length();
    out.append(value); // Double.toString: always a '.', exponent as 'E'
    for (int i = start; i < out.length(); i++) {
      if (out.charAt(i) == 'E') {
        out.setCharAt(i, 'e');
        break;
      }
    }
  }

  /**
   * @param escapeEquals true for tag keys, tag values and field keys; a measurement may contain
   *     {@code =} unescaped
   */
  private static void escapeName(StringBuilder out, String name, boolean escapeEquals) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case ',', ' ' -> out.append('\\').append(c);
        case '=' -> {
          if (escapeEquals) {
            out.append('\\');
          }
          out.append(c);
        }
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> {
          out.append(c);
          if (escapesWhatFollows(name, i + 1, escapeEquals)) {
            out.append(c);
          }
        }
        default -> out.append(c);
      }
    }
  }

  /**
   * A backslash before what is written next would escape it: before a separator (the end of the
   * name), before an escaped character and before another backslash. Doubled there, it stays a
   * backslash; elsewhere it is written as it is, which every InfluxDB version stores literally.
   */
  private static boolean escapesWhatFollows(String name, int next, boolean escapeEquals) {
    if (next == name.length()) {
      return true;
    }
    return switch (name.charAt(next)) {
      case ',', ' ', '\n', '\r', '\t', '\\' -> true;
      case '=' -> escapeEquals;
      default -> false;
    };
  }
}
