package dev.haingestor.enrichment.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one line of InfluxDB line protocol the way InfluxDB's parser scans it (a backslash takes
 * the next character with it; {@code \,}, {@code \ }, {@code \\} and, in tags and field keys,
 * {@code \=} stand for the character, as InfluxDB 2.x documents; any other pair is kept as
 * written), so that the fuzz tests can check that what the enrichment service writes is read back
 * as the point it meant. Independent of the production encoder on purpose: a second, small
 * implementation of the grammar.
 */
final class LineProtocolReader {

  /** What InfluxDB would store for one line. */
  record Line(
      String measurement, Map<String, String> tags, Map<String, Object> fields, long time) {}

  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");

  private final String text;
  private int at;

  private LineProtocolReader(String text) {
    this.text = text;
  }

  /**
   * @param line one line including its final {@code \n}
   * @throws IllegalArgumentException with what InfluxDB would refuse or misread
   */
  static Line read(String line) {
    if (!line.endsWith("\n")) {
      throw new IllegalArgumentException("line does not end with a newline");
    }
    return new LineProtocolReader(line.substring(0, line.length() - 1)).line();
  }

  private Line line() {
    if (text.isEmpty() || text.charAt(0) == '#') {
      throw new IllegalArgumentException(
          "line starts with '#' or is empty: InfluxDB skips it as a comment, silently");
    }
    String measurement = name(false, new char[] {',', ' '});
    if (measurement.isEmpty()) {
      throw new IllegalArgumentException("empty measurement");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    while (peek() == ',') {
      at++;
      String key = name(true, new char[] {'=', ',', ' '});
      expect('=', "tag key without '='");
      String value = name(true, new char[] {',', ' ', '='});
      if (key.isEmpty() || value.isEmpty()) {
        throw new IllegalArgumentException("empty tag key or value");
      }
      if (tags.put(key, value) != null) {
        throw new IllegalArgumentException("duplicate tag " + key);
      }
    }
    expect(' ', "no space after measurement and tags");
    Map<String, Object> fields = new LinkedHashMap<>();
    do {
      String key = name(true, new char[] {'=', ',', ' '});
      expect('=', "field key without '='");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("empty field key");
      }
      Object value = peek() == '"' ? quoted() : number();
      if (fields.put(key, value) != null) {
        throw new IllegalArgumentException("duplicate field " + key);
      }
    } while (consume(','));
    expect(' ', "no space before the timestamp");
    String time = text.substring(at);
    if (!TIMESTAMP.matcher(time).matches()) {
      throw new IllegalArgumentException("bad timestamp '" + time + "'");
    }
    return new Line(measurement, tags, fields, Long.parseLong(time));
  }

  /** A name up to an unescaped stop character. */
  private String name(boolean equalsEscapable, char[] stops) {
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '\\' && at + 1 < text.length()) {
        char next = text.charAt(at + 1);
        if (next == ',' || next == ' ' || next == '\\' || (equalsEscapable && next == '=')) {
          out.append(next);
        } else {
          out.append(c).append(next);
        }
        at += 2;
        continue;
      }
      if (c == '\n') {
        throw new IllegalArgumentException("raw newline in a name ends the line");
      }
      for (char stop : stops) {
        if (c == stop) {
          return out.toString();
        }
      }
      out.append(c);
      at++;
    }
    return out.toString();
  }

  private String quoted() {
    at++; // opening quote
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '\\' && at + 1 < text.length()) {
        char next = text.charAt(at + 1);
        if (next == '"' || next == '\\') {
          out.append(next);
        } else {
          out.append(c).append(next);
        }
        at += 2;
      } else if (c == '"') {
        at++;
        return out.toString();
      } else {
        out.append(c);
        at++;
      }
    }
    throw new IllegalArgumentException("unterminated string field");
  }

  private Double number() {
    int start = at;
    while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != ' ') {
      at++;
    }
    String token = text.substring(start, at);
    if (!FLOAT.matcher(token).matches()) {
      throw new IllegalArgumentException("not a float field value: '" + token + "'");
    }
    double value = Double.parseDouble(token);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("non-finite float " + token);
    }
    return value;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private boolean consume(char c) {
    if (peek() == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c, String problem) {
    if (!consume(c)) {
      throw new IllegalArgumentException(problem + " at " + at);
    }
  }

  /** A name as InfluxDB stores it: the encoder writes newline, CR and tab as two characters. */
  static String stored(String name) {
    return name.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
