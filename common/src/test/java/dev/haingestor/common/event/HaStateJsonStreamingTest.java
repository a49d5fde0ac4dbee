package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-pass {@code read(String)} must agree with the tree-based {@code read(JsonNode)} it
 * replaces on the enrichment's path: the same state (attribute value types included), or the same
 * rejection with the same reason and text, or a JSON error for both.
 */
class HaStateJsonStreamingTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final HaStateJson JSON = new HaStateJson(MAPPER);
  private static final String TIME = "\"2024-05-01T10:00:00.123456+00:00\"";

  static Stream<String> corpus() {
    String base = "\"entity_id\":\"sensor.x\",\"state\":\"21.5\",\"last_updated\":" + TIME;
    return Stream.of(
        "{" + base + "}",
        "{" + base + ",\"last_changed\":" + TIME + ",\"attributes\":{}}",
        "{"
            + base
            + ",\"attributes\":{\"a\":1,\"b\":3000000000,\"c\":1e400,\"d\":-0.0,"
            + "\"e\":123456789012345678901234567890,\"f\":[1,\"x\",null,{\"g\":true}],"
            + "\"h\":null,\"ü\":\"✓\",\"a\":2}}",
        "{" + base + ",\"attributes\":null}",
        "{" + base + ",\"attributes\":[1]}",
        "{" + base + ",\"attributes\":\"x\"}",
        "{" + base + ",\"attributes\":5}",
        "{"
            + base
            + ",\"context\":{\"id\":\"x\",\"parent_id\":null},\"last_reported\":"
            + TIME
            + "}",
        "{\"state\":\"on\",\"last_updated\":" + TIME + "}",
        "{\"entity_id\":null,\"state\":\"on\",\"last_updated\":" + TIME + "}",
        "{\"entity_id\":5,\"state\":\"on\",\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"NotAnId\",\"state\":\"on\",\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":null,\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":21.5,\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":true,\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":{\"x\":1},\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":[\"on\"],\"last_updated\":" + TIME + "}",
        "{\"entity_id\":\"light.a\",\"state\":\"on\"}",
        "{\"entity_id\":\"light.a\",\"state\":\"on\",\"last_updated\":\"yesterday\"}",
        "{\"entity_id\":\"light.a\",\"state\":\"on\",\"last_updated\":7}",
        "{" + base + ",\"last_changed\":null}",
        "{" + base + ",\"last_changed\":\"soon\"}",
        "{" + base + ",\"last_changed\":[1]}",
        "{" + base + ",\"state\":\"off\",\"state\":null}",
        "{" + base + ",\"attributes\":{\"a\":1},\"attributes\":null}",
        "{" + base + "} {}",
        "{" + base + "} x",
        "{" + base,
        "{\"entity_id\":\"light.a\",\"state\":\"on\",\"attributes\":{\"a\":[1,2}",
        "[]",
        "[{" + base + "}]",
        "\"sensor.x\"",
        "null",
        "42",
        "",
        "   ");
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void agreesWithTheTreeReadOnTrickyStates(String json) {
    assertThat(outcome(() -> JSON.read(json))).isEqualTo(outcome(() -> treeRead(json)));
  }

  /** States built from random pieces, including every kind of wrong value in every field. */
  @Test
  void agreesWithTheTreeReadOnRandomStates() {
    Random random = new Random(20261123);
    String[] values = {
      "\"sensor.a\"",
      "\"light.b\"",
      "\"Bad Id\"",
      "\"on\"",
      "\"21.5\"",
      TIME,
      "\"not a time\"",
      "null",
      "true",
      "false",
      "0",
      "-1",
      "2147483648",
      "1.5e-7",
      "1E400",
      "[]",
      "[1,[2,{}]]",
      "{}",
      "{\"k\":{\"n\":[null,1.0,\"s\"]}}",
      "\"\"",
      "\"\\u00e9\\n\""
    };
    String[] names = {
      "entity_id", "state", "attributes", "last_updated", "last_changed", "context", "x"
    };
    List<String> checked = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder json = new StringBuilder("{");
      int fields = random.nextInt(8);
      for (int f = 0; f < fields; f++) {
        if (f > 0) {
          json.append(',');
        }
        String name = names[random.nextInt(names.length)];
        json.append('"').append(name).append("\":");
        boolean fitting = random.nextInt(3) > 0;
        json.append(fitting ? fitting(name, random) : values[random.nextInt(values.length)]);
      }
      json.append('}');
      String text = json.toString();
      assertThat(outcome(() -> JSON.read(text))).as(text).isEqualTo(outcome(() -> treeRead(text)));
      checked.add(text);
    }
    assertThat(checked).hasSize(3_000);
  }

  private static String fitting(String name, Random random) {
    return switch (name) {
      case "entity_id" -> random.nextBoolean() ? "\"sensor.a\"" : "\"light.b\"";
      case "state" -> random.nextBoolean() ? "\"on\"" : "\"" + random.nextInt(100) + "\"";
      case "attributes" -> "{\"unit\":\"°C\",\"n\":" + random.nextInt() + ",\"f\":1.25,\"l\":[1]}";
      case "last_updated", "last_changed" -> TIME;
      default -> "{\"id\":\"c\"}";
    };
  }

  private HaState treeRead(String json) {
    return JSON.read(MAPPER.readTree(json));
  }

  /** What a read produced, comparable: the state, the rejection, or the kind of failure. */
  private static Object outcome(ReadAction action) {
    try {
      HaState state = action.read();
      return List.of(state, state.attributes().toString(), classes(state.attributes()));
    } catch (InvalidEventException e) {
      return List.of("rejected", e.reason(), e.getMessage());
    } catch (JacksonException e) {
      return List.of("not JSON");
    }
  }

  private static String classes(Object value) {
    if (value instanceof java.util.Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach((k, v) -> out.append(k).append('=').append(classes(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(v -> out.append(classes(v)).append(','));
      return out.append(']').toString();
    }
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  @FunctionalInterface
  private interface ReadAction {
    HaState read();
  }
}
