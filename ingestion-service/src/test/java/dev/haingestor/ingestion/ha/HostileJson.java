package dev.haingestor.ingestion.ha;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile JSON text for the frame parser's properties: written as text rather than
 * built as trees, so that they can hold what no tree can (duplicate keys, {@code 1e999}, {@code
 * -0}, lone surrogate escapes, broken syntax).
 */
final class HostileJson {

  private HostileJson() {}

  /** Numbers a JSON tree cannot keep as written: out of range, negative zero, huge integers. */
  static Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "1e999",
            "-1e999",
            "1E+308",
            "1.7976931348623157e309",
            "4.9e-325",
            "-0",
            "-0.0",
            "0e-999",
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "9223372036854775808",
            "2147483648",
            "1" + "0".repeat(400),
            "0." + "0".repeat(400) + "1"),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf));
  }

  /** Strings: any characters (controls, quotes, non-BMP), plus escapes of lone surrogates. */
  static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40).map(HostileJson::quote),
        Arbitraries.strings().ascii().ofMaxLength(40).map(HostileJson::quote),
        Arbitraries.of(
            "\"\\ud800\"",
            "\"\\udfff\\ud800\"",
            "\"\\u0000\"",
            "\"\uFFFD\uFFFD\"",
            "\"sensor.a\"",
            "\"2024-05-01T10:00:00+00:00\"",
            "\"+999999999-12-31T23:59:59.999999999-18:00\"",
            "\"-999999999-01-01T00:00:00+18:00\"",
            "\"2024-02-30T10:00:00+00:00\"",
            "\"state_changed\"",
            "\"event\"",
            "\"result\"",
            "\"\""));
  }

  /** Any JSON value up to {@code depth} levels of arrays and objects (keys may repeat). */
  static Arbitrary<String> values(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of("null", "true", "false"), numbers(), strings(), strings(), numbers());
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> nested = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<String> array = nested.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> member =
        Combinators.combine(Arbitraries.oneOf(keys(), strings()), nested)
            .as((key, value) -> key + ":" + value);
    Arbitrary<String> object = member.list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
    return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
  }

  /** The keys HA's messages use, so that objects often hit a field the parser reads. */
  static Arbitrary<String> keys() {
    return Arbitraries.of(
            "type",
            "id",
            "event",
            "event_type",
            "data",
            "entity_id",
            "new_state",
            "old_state",
            "state",
            "attributes",
            "last_changed",
            "last_updated",
            "time_fired",
            "success",
            "result",
            "error",
            "code",
            "message")
        .map(HostileJson::quote);
  }

  /**
   * Text as a WebSocket text frame decoder would hand it over for arbitrary bytes: malformed UTF-8
   * becomes U+FFFD.
   */
  static Arbitrary<String> decodedBytes() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(200)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** Valid text with some bytes of its UTF-8 replaced, then decoded as the socket would. */
  static String corrupt(String text, List<Integer> positions, byte garbage) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return text;
    }
    for (int position : positions) {
      bytes[Math.floorMod(position, bytes.length)] = garbage;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
