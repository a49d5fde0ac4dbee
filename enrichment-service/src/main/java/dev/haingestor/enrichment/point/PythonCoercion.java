package dev.haingestor.enrichment.point;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code float(value)} and {@code str(value)} applied to JSON-decoded attribute values,
 * because HA's InfluxDB integration decides field names and types with exactly these two calls
 * ({@code homeassistant/components/influxdb/__init__.py}, {@code event_to_json}). Matching them is
 * what keeps a user's existing series and Grafana queries intact.
 *
 * <p>Known differences, all about values HA itself cannot send over JSON: tuples arrive as lists
 * and are rendered {@code [..]} not {@code (..)}; a JSON {@code null} is Python's {@code None} (HA
 * would have dropped a NaN attribute that the WebSocket API serialised as {@code null}).
 */
final class PythonCoercion {

  private PythonCoercion() {}

  /**
   * {@code float(value)}, or {@code null} where Python raises {@code ValueError} or {@code
   * TypeError}. Non-finite results are returned as they are; callers decide to drop them.
   */
  static Double toFloat(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof String s) {
      return parseFloat(s);
    }
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return null; // None, list, dict: TypeError
  }

  /** {@code float(text)} for a string, or {@code null} when Python raises {@code ValueError}. */
  static Double parseFloat(String text) {
    if (cannotBeFloat(text)) {
      return null;
    }
    String s = stripPythonWhitespace(asciiDigits(text));
    if (s.isEmpty()) {
      return null;
    }
    if (isDecimalFloat(s)) {
      return Double.parseDouble(s.indexOf('_') < 0 ? s : s.replace("_", ""));
    }
    return parseSpecial(s);
  }

  /**
   * Python's {@code float()} grammar for strings without infinity and nan (docs: "Built-in
   * Functions / float"), ASCII digits after normalisation: {@code [+-]? (digitpart? "." digitpart |
   * digitpart "."?) ([eE] [+-]? digitpart)?}, where a digitpart is digits with single underscores
   * between them. By hand rather than a regular expression: a matcher per state string was a
   * twentieth of the service's allocation.
   */
  static boolean isDecimalFloat(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int integerEnd = digitPartEnd(s, i);
    boolean integer = integerEnd > i;
    i = integerEnd;
    boolean fraction = false;
    if (i < n && s.charAt(i) == '.') {
      int fractionEnd = digitPartEnd(s, i + 1);
      fraction = fractionEnd > i + 1;
      i = fractionEnd;
    }
    if (!integer && !fraction) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponentEnd = digitPartEnd(s, i);
      if (exponentEnd == i) {
        return false;
      }
      i = exponentEnd;
    }
    return i == n;
  }

  /** Where the digitpart starting at {@code i} ends; {@code i} when there is none. */
  private static int digitPartEnd(String s, int i) {
    int n = s.length();
    if (i >= n || !isAsciiDigit(s.charAt(i))) {
      return i;
    }
    i++;
    while (i < n) {
      if (isAsciiDigit(s.charAt(i))) {
        i++;
      } else if (s.charAt(i) == '_' && i + 1 < n && isAsciiDigit(s.charAt(i + 1))) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A cheap first look (most attribute strings are names and words): a letter that no float
   * spelling contains ({@code e}, {@code inf}, {@code infinity}, {@code nan}) rules the text out.
   */
  private static boolean cannotBeFloat(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c) && "eEiInNfFtTyYaA".indexOf(c) < 0) {
        return true;
      }
    }
    return false;
  }

  private static Double parseSpecial(String s) {
    boolean negative = s.charAt(0) == '-';
    String body = s.charAt(0) == '-' || s.charAt(0) == '+' ? s.substring(1) : s;
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  /** {@code str(value)}. */
  static String toStr(Object value) {
    if (value instanceof String s) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    appendRepr(out, value);
    return out.toString();
  }

  private static void appendRepr(StringBuilder out, Object value) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof String s) {
      appendStringRepr(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      out.append(floatRepr(((Number) value).doubleValue()));
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof List<?> list) {
      out.append('[');
      appendJoined(out, list.iterator());
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        appendRepr(out, entry.getKey());
        out.append(": ");
        appendRepr(out, entry.getValue());
        if (entries.hasNext()) {
          out.append(", ");
        }
      }
      out.append('}');
    } else {
      out.append(value);
    }
  }

  private static void appendJoined(StringBuilder out, Iterator<?> items) {
    while (items.hasNext()) {
      appendRepr(out, items.next());
      if (items.hasNext()) {
        out.append(", ");
      }
    }
  }

  /**
   * Python's {@code repr(float)}: the shortest round-tripping digits, fixed notation with at least
   * one fractional digit when the decimal exponent is in (-4, 16], else {@code 1e-05} style.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int decimalPoint = digits.length() - decimal.scale(); // value = 0.<digits> * 10^decimalPoint
    StringBuilder out = new StringBuilder(24);
    if (d < 0) {
      out.append('-');
    }
    if (decimalPoint <= -4 || decimalPoint > 16) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decimalPoint - 1;
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (decimalPoint <= 0) {
      out.append("0.").append("0".repeat(-decimalPoint)).append(digits);
    } else if (decimalPoint < digits.length()) {
      out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
    } else {
      out.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
    }
    return out.toString();
  }

  /** Python's {@code repr(str)}: single quotes unless only the double quote avoids escaping. */
  private static void appendStringRepr(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    s.codePoints()
        .forEach(
            c -> {
              if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else if (c == '\t') {
                out.append("\\t");
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else if (c < 0x7f || isPrintable(c)) {
                out.appendCodePoint(c);
              } else if (c <= 0xff) {
                out.append(String.format("\\x%02x", c));
              } else if (c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append(String.format("\\U%08x", c));
              }
            });
    out.append(quote);
  }

  /** Python's {@code str.isprintable()} for one code point (Unicode categories C* and Z*). */
  private static boolean isPrintable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** Python's {@code float()} accepts any Unicode decimal digit (category Nd). */
  static String asciiDigits(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) < 0x80) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
    text.codePoints()
        .skip(i)
        .forEach(
            c -> {
              if (c >= 0x80 && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(c, 10)));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static String stripPythonWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}
