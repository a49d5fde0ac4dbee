package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.SchemaConfig;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For every state of the golden corpus, the point equals what HA's InfluxDB integration writes,
 * field by field and type by type. Expectations come from {@code golden/ha-schema/expected.json},
 * derived with Python from HA's rules (see {@code golden/README.md}); states are decoded exactly as
 * the pipeline decodes them ({@link HaStateJson}).
 */
class HaSchemaGoldenTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HaStateJson STATES = new HaStateJson(JSON);
  private static final RuntimeConfigJson CONFIG = new RuntimeConfigJson();

  @TestFactory
  Stream<DynamicTest> pointsEqualWhatHasIntegrationWrites() throws IOException {
    JsonNode cases = read("golden/ha-schema/cases.json");
    JsonNode expected = read("golden/ha-schema/expected.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode testCase : cases) {
      String name = testCase.get("name").asString();
      tests.add(
          DynamicTest.dynamicTest(name, () -> assertCase(testCase, expected.get(name), name)));
    }
    return tests.stream();
  }

  @Test
  void corpusCoversEveryDomainTheSimulatorEmits() throws IOException {
    List<String> domains = new ArrayList<>();
    for (JsonNode testCase : read("golden/ha-schema/cases.json")) {
      String entityId = testCase.at("/state/entity_id").asString();
      domains.add(entityId.substring(0, entityId.indexOf('.')));
    }
    assertThat(domains)
        .contains("sensor", "binary_sensor", "light", "climate", "switch", "person", "weather");
  }

  private static void assertCase(JsonNode testCase, JsonNode expected, String name) {
    assertThat(expected).as("expectation for %s (run derive_expected.py)", name).isNotNull();
    HaPointMapper mapper = mapper(testCase.get("config"));
    HaState state = STATES.read(testCase.get("state"));
    StateChangedEvent event =
        new StateChangedEvent(
            state.entityId(), state.lastUpdated(), state, EventSource.LIVE, Instant.now());

    InfluxPoint point = mapper.accepts(state.entityId()) ? mapper.toPoint(event) : null;

    if (expected.isNull()) {
      assertThat(point).as(name).isNull();
      return;
    }
    assertThat(point).as(name).isNotNull();
    assertThat(point.measurement())
        .as(name + " measurement")
        .isEqualTo(expected.get("measurement").asString());
    assertThat(writtenTags(point.tags()))
        .as(name + " tags")
        .isEqualTo(strings(expected.get("tags")));
    assertThat(point.fields()).as(name + " fields").isEqualTo(fields(expected.get("fields")));
    assertThat(point.time())
        .as(name + " time")
        .isEqualTo(HaTimestamps.parse(expected.get("time").asString()));
  }

  private static HaPointMapper mapper(JsonNode config) {
    if (config == null || config.isNull()) {
      return HaPointMapper.haDefaults();
    }
    RuntimeConfig parsed = CONFIG.read(JSON.writeValueAsString(config));
    SchemaConfig schema = parsed.schema() != null ? parsed.schema() : HaPointMapper.defaultSchema();
    FilterConfig filter = parsed.filter();
    return HaPointMapper.of(schema, filter, false);
  }

  /** Tags as the line protocol writes them: null and empty values are left out. */
  private static Map<String, String> writtenTags(Map<String, String> tags) {
    Map<String, String> written = new LinkedHashMap<>();
    tags.forEach(
        (key, value) -> {
          if (value != null && !value.isEmpty()) {
            written.put(key, value);
          }
        });
    return written;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
    return map;
  }

  /** {@code {"f": 1.0}} is a float field, {@code {"s": "x"}} a string field. */
  private static Map<String, Object> fields(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> {
              JsonNode typed = e.getValue();
              map.put(
                  e.getKey(),
                  typed.has("f") ? (Object) typed.get("f").asDouble() : typed.get("s").asString());
            });
    return map;
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = HaSchemaGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return JSON.readTree(in);
    }
  }
}
