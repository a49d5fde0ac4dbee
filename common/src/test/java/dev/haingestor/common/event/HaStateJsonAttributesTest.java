package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attributes are read by walking the tree; the result must be convertValue's, type for type.
 */
class HaStateJsonAttributesTest {

  private static final String ATTRIBUTES =
      """
      {"s": "text", "u": "ünï ☃ \\u0000", "e": "", "t": true, "f": false, "n": null,
       "i": 42, "neg": -7, "l": 9007199254740993, "big": 123456789012345678901234567890,
       "d": 21.5, "x": 1e-7, "X": 1.5E+300, "z": -0.0, "huge": 1e400,
       "list": [1, "a", null, [2.5, {"k": [true]}], {}], "empty": [], "obj": {"a": {"b": {}}},
       "dup": 1, "dup": "second"}
      """;

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final HaStateJson json = new HaStateJson(mapper);

  @Test
  void attributesEqualConvertValueTypeForType() {
    assertSameAsConvertValue(mapper.readTree(state(ATTRIBUTES)));
  }

  @Test
  void exactDecimalsFromAnExactReaderEqualConvertValueToo() {
    JsonNode node =
        mapper
            .reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .readTree(state(ATTRIBUTES));
    assertThat(node.get("attributes").get("d").isBigDecimal()).isTrue();
    assertSameAsConvertValue(node);
    assertThat(json.read(node).attributes().get("d")).isInstanceOf(BigDecimal.class);
  }

  @Test
  void writtenTextEqualsTheTreesTextCharacterForCharacter() {
    for (JsonNode stateNode :
        List.of(
            mapper.readTree(state(ATTRIBUTES)),
            mapper.readTree(state("{}")),
            mapper
                .reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(state(ATTRIBUTES)))) {
      HaState state = json.read(stateNode);
      assertThat(json.writeString(state)).isEqualTo(mapper.writeValueAsString(json.write(state)));
    }
  }

  private void assertSameAsConvertValue(JsonNode stateNode) {
    Object expected = mapper.convertValue(stateNode.get("attributes"), LinkedHashMap.class);
    Object actual = json.read(stateNode).attributes();
    assertSameTypes(actual, expected, "attributes");
  }

  private static void assertSameTypes(Object actual, Object expected, String path) {
    assertThat(actual).as(path).isEqualTo(expected);
    if (expected == null) {
      return;
    }
    assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
    if (expected instanceof java.util.Map<?, ?> map) {
      assertThat(List.copyOf(((java.util.Map<?, ?>) actual).keySet()))
          .as(path)
          .isEqualTo(List.copyOf(map.keySet()));
      for (Object key : map.keySet()) {
        assertSameTypes(((java.util.Map<?, ?>) actual).get(key), map.get(key), path + "." + key);
      }
    } else if (expected instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        assertSameTypes(((List<?>) actual).get(i), list.get(i), path + "[" + i + "]");
      }
    }
  }

  private static String state(String attributes) {
    return """
        {"entity_id": "sensor.t", "state": "1", "attributes": %s,
         "last_changed": "2024-05-01T10:00:00+00:00", "last_updated": "2024-05-01T10:00:00+00:00"}
        """
        .formatted(attributes);
  }
}
