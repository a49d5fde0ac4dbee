package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Attributes kept as the text they were read from ({@link RawAttributes}): the same state and the
 * same refusals as reading them into a map, and the text written to the stream as it came.
 */
class HaStateJsonRawAttributesTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final HaStateJson JSON = new HaStateJson(MAPPER);
  private static final String TIME = "\"2024-05-01T10:00:00.123456+00:00\"";

  @ParameterizedTest
  @MethodSource("dev.haingestor.common.event.HaStateJsonStreamingTest#corpus")
  void agreesWithReadingTheAttributesIntoAMap(String json) {
    Object asMap = outcome(json, false);
    Object asText = outcome(json, true);

    assertThat(asText).isEqualTo(asMap);
  }

  @Test
  void keepsAndWritesTheAttributesAsTheyCame() {
    String attributes = "{\"unit\" : \"°C\", \"reading\":21.50,\"list\":[1, {\"x\":null}]}";
    HaState state = readRaw(state(attributes));

    assertThat(state.attributes()).isInstanceOf(RawAttributes.class);
    assertThat(((RawAttributes) state.attributes()).json()).isEqualTo(attributes);
    assertThat(JSON.writeString(state)).contains("\"attributes\":" + attributes + ",");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("unit", "°C");
    expected.put("reading", 21.5);
    Map<String, Object> element = new LinkedHashMap<>();
    element.put("x", null);
    expected.put("list", List.of(1, element));
    assertThat(state.attributes()).isEqualTo(expected);
    assertThat(JSON.read(JSON.writeString(state))).isEqualTo(state);
  }

  @Test
  void tellsEmptyAttributesWithoutReadingThem() {
    assertThat(readRaw(state("{}")).attributes()).isEmpty();
    assertThat(readRaw(state("{ \n\t}")).attributes()).isEmpty();
    assertThat(readRaw(state("{ \"a\":1}")).attributes()).isNotEmpty().containsEntry("a", 1);
  }

  @Test
  void refusesAttributesThatAreNotJson() {
    for (String attributes :
        List.of("{\"a\":\"\\q\"}", "{\"a\":\"tab\there\"}", "{\"a\":NaN}", "{\"a\":1,}")) {
      assertThatThrownBy(() -> readRaw(state(attributes)))
          .as(attributes)
          .isInstanceOf(JacksonException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("awkwardStates")
  void writesAsTheGeneratorWrites(String stateText) {
    String attributes = "{\"unit\":\"°C\",\"n\":[1,2.5,null,true],\"o\":{\"k\":\"v\"}}";
    HaState raw =
        readRaw(
            "{\"entity_id\":\"sensor.x\",\"state\":"
                + MAPPER.writeValueAsString(stateText)
                + ",\"attributes\":"
                + attributes
                + ",\"last_changed\":\"2024-05-01T09:00:00+00:00\",\"last_updated\":"
                + TIME
                + "}");
    HaState parsed =
        new HaState(
            raw.entityId(),
            raw.state(),
            new LinkedHashMap<>(raw.attributes()),
            raw.lastChanged(),
            raw.lastUpdated());

    assertThat(raw.state()).isEqualTo(stateText);
    assertThat(JSON.writeString(raw)).isEqualTo(JSON.writeString(parsed));
  }

  static List<String> awkwardStates() {
    return List.of(
        "21.5",
        "",
        "say \"hi\"",
        "back\\slash/",
        "line\nbreak\ttab\r\u0001\u001f\u007f",
        "Küche ✓ \uD83C\uDF21 \u2028",
        "</script>");
  }

  private static String state(String attributes) {
    return "{\"entity_id\":\"sensor.x\",\"state\":\"21.5\",\"attributes\":"
        + attributes
        + ",\"last_updated\":"
        + TIME
        + "}";
  }

  private static HaState readRaw(String json) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      parser.nextToken();
      return JSON.read(
          parser,
          (start, end) -> json.substring((int) start.getCharOffset(), (int) end.getCharOffset()));
    }
  }

  /** The state, or the kind of refusal: reason and text, or that it is not JSON. */
  private static Object outcome(String json, boolean raw) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      parser.nextToken();
      if (!parser.hasToken(tools.jackson.core.JsonToken.START_OBJECT)) {
        return "not an object";
      }
      return raw ? readRaw(json) : JSON.read(parser);
    } catch (InvalidEventException e) {
      return e.reason() + ": " + e.getMessage();
    } catch (JacksonException e) {
      return "not JSON";
    }
  }
}
