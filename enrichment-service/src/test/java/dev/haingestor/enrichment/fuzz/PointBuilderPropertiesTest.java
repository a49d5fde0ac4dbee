package dev.haingestor.enrichment.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.config.SchemaConfig;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.enrichment.point.HaPointMapper;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.LineBatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input for the point builder (issue 8, "Hostile input" 1): whatever state, attributes and
 * schema options arrive, {@link HaPointMapper} returns a point or nothing (as HA would write
 * nothing) and never throws; no field is a non-finite float; and the line-protocol line it becomes
 * is read back by an independent reader ({@link LineProtocolReader}) as the same point — so
 * InfluxDB neither refuses the batch nor silently skips or misreads a line.
 *
 * <p>Tries are bounded (a few hundred per property) to keep the module's build within seconds.
 */
class PointBuilderPropertiesTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private final EventCodec codec = new EventCodec(MAPPER);

  @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
  void anyStateBecomesAParseablePointOrNothing(
      @ForAll("events") StateChangedEvent event,
      @ForAll("schemas") SchemaConfig schema,
      @ForAll boolean normalizeUnits) {
    checkPoint(HaPointMapper.of(schema, null, normalizeUnits), event);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
  void statesThroughTheStreamCodecBecomeParseablePointsOrNothing(
      @ForAll("events") StateChangedEvent event, @ForAll("schemas") SchemaConfig schema) {
    // What enrichment really maps: the event as the stream entry decodes it.
    StateChangedEvent decoded = codec.decode(codec.encode(event));

    checkPoint(HaPointMapper.of(schema, null, false), decoded);
  }

  /** The shrunk inputs of findings F1 and F2 (/tmp/hostile-findings.md), kept as regressions. */
  @Example
  void writesBackslashesInNamesAndRefusesCommentMeasurements() {
    Instant time = Instant.parse("1970-01-01T00:00:00Z");
    StateChangedEvent event =
        new StateChangedEvent(
            "sensor.a",
            time,
            new HaState("sensor.a", "1e999", Map.of(), time, time),
            EventSource.LIVE,
            time);
    SchemaConfig defaults = HaPointMapper.defaultSchema();
    // F1: a measurement, a tag key and a tag value that end in a backslash.
    checkPoint(HaPointMapper.of(schema("\\", Map.of("\\", ",")), null, false), event);
    checkPoint(HaPointMapper.of(schema("a\\\\b\\", Map.of("k\\", "v\\\\")), null, false), event);
    // F2: a measurement starting with '#' would be a comment line: refused with a reason.
    assertThatThrownBy(() -> HaPointMapper.of(schema("#", Map.of()), null, false).toPoint(event))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNWRITABLE_POINT));
    assertThat(HaPointMapper.of(defaults, null, false).toPoint(event)).isNotNull();
  }

  private static SchemaConfig schema(String overrideMeasurement, Map<String, String> tags) {
    return new SchemaConfig(
        null, null, overrideMeasurement, tags, null, null, true, null, null, null, null);
  }

  private static void checkPoint(HaPointMapper mapper, StateChangedEvent event) {
    InfluxPoint[] point = new InfluxPoint[1];
    try {
      point[0] = mapper.toPoint(event);
    } catch (InvalidEventException e) {
      // A refusal with a reason: BatchProcessor counts and dead-letters it. Anything else thrown
      // escapes this property and fails it.
      Statistics.collect("refused: " + e.reason());
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    HaState state = event.newState();
    if (point[0] == null) {
      Statistics.collect("no point");
      assertThat(
              state == null
                  || state.state().isEmpty()
                  || state.state().equals("unknown")
                  || state.state().equals("unavailable"))
          .as("only removals and placeholder states write nothing: %s", state)
          .isTrue();
      return;
    }
    Statistics.collect(point[0].fields().containsKey("value") ? "numeric" : "text");
    assertThat(point[0].fields()).isNotEmpty();
    point[0]
        .fields()
        .forEach(
            (key, value) -> {
              assertThat(value).as("field %s", key).isInstanceOfAny(Double.class, String.class);
              if (value instanceof Double d) {
                assertThat(Double.isFinite(d)).as("field %s = %s", key, d).isTrue();
              }
            });

    LineBatch batch = new LineBatch(mapper.precision(), 1);
    assertThatCode(() -> batch.add(point[0])).doesNotThrowAnyException();
    String line = batch.slice(0, 1);
    LineProtocolReader.Line read;
    try {
      read = LineProtocolReader.read(line);
    } catch (IllegalArgumentException e) {
      throw new AssertionError("InfluxDB would not read " + show(line) + ": " + e.getMessage(), e);
    }
    assertThat(read.measurement())
        .as("measurement of %s", show(line))
        .isEqualTo(LineProtocolReader.stored(point[0].measurement()));
    Map<String, String> tags = new LinkedHashMap<>();
    point[0]
        .tags()
        .forEach(
            (key, value) -> {
              if (!key.isEmpty() && value != null && !value.isEmpty()) {
                tags.put(LineProtocolReader.stored(key), LineProtocolReader.stored(value));
              }
            });
    assertThat(read.tags()).as("tags of %s", show(line)).isEqualTo(tags);
    Map<String, Object> fields = new LinkedHashMap<>();
    point[0]
        .fields()
        .forEach(
            (key, value) -> {
              if (!key.isEmpty() && value != null) {
                fields.put(LineProtocolReader.stored(key), value);
              }
            });
    assertThat(read.fields()).as("fields of %s", show(line)).isEqualTo(fields);
    assertThat(read.time()).isEqualTo(mapper.precision().fromInstant(point[0].time()));
  }

  @Property(tries = 400)
  void anyStreamEntryDecodesOrIsRefusedWithAReason(@ForAll("entries") Map<String, String> entry) {
    try {
      StateChangedEvent event = codec.decode(entry);
      Statistics.collect("decoded");
      assertThat(event.entityId()).isNotNull();
      if (event.newState() != null) {
        assertThat(event.newState().entityId()).isNotNull();
        assertThat(event.newState().state()).isNotNull();
      }
    } catch (InvalidEventException e) {
      Statistics.collect(e.reason().name());
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<StateChangedEvent> events() {
    return HostileStates.events();
  }

  @Provide
  Arbitrary<SchemaConfig> schemas() {
    return HostileStates.schemas();
  }

  /**
   * Stream entries: a valid one with each field kept, dropped or replaced by hostile text, and
   * {@code new_state} as hostile JSON.
   */
  @Provide
  Arbitrary<Map<String, String>> entries() {
    Arbitrary<String> hostileText =
        Arbitraries.oneOf(
            HostileStates.stateTexts(),
            Arbitraries.of(
                "1",
                "2",
                "live",
                "backfill",
                "replay",
                "9223372036854775808",
                "-9223372036854775808",
                "2024-05-01T10:00:00+00:00",
                "+999999999-12-31T23:59:59.999999999-18:00",
                "-999999999-01-01T00:00:00+18:00",
                "{}",
                "[]",
                "null",
                "{\"entity_id\":\"sensor.x\",\"state\":1e999,\"last_updated\":\"x\"}",
                "{\"entity_id\":\"sensor.x\",\"state\":\"1\",\"attributes\":[],"
                    + "\"last_updated\":\"2024-05-01T10:00:00+00:00\"}",
                "[".repeat(5000) + "]".repeat(5000)));
    Arbitrary<String> newStates =
        Combinators.combine(
                HostileStates.entityIds(), HostileStates.stateTexts(), HostileStates.attributes())
            .as(
                (id, state, attributes) ->
                    MAPPER.writeValueAsString(
                        Map.of(
                            "entity_id",
                            id,
                            "state",
                            state,
                            "attributes",
                            MAPPER.valueToTree(attributes),
                            "last_updated",
                            "2024-05-01T10:00:00+00:00")));
    Map<String, String> valid = new LinkedHashMap<>();
    valid.put(StreamFields.SCHEMA_VERSION, EventCodec.CURRENT_VERSION);
    valid.put(StreamFields.SOURCE, EventSource.LIVE.wireName());
    valid.put(StreamFields.ENTITY_ID, "sensor.x");
    valid.put(StreamFields.TIME_FIRED, HaTimestamps.format(HostileStates.MIN_TIME));
    valid.put(StreamFields.RECEIVED_AT, "1714557600000000");
    valid.put(
        StreamFields.NEW_STATE,
        "{\"entity_id\":\"sensor.x\",\"state\":\"1\",\"attributes\":{},"
            + "\"last_updated\":\"2024-05-01T10:00:00+00:00\"}");
    Arbitrary<Map<String, String>> entries = Arbitraries.just(valid);
    for (String field : valid.keySet()) {
      Arbitrary<String> replacement =
          field.equals(StreamFields.NEW_STATE)
              ? Arbitraries.oneOf(newStates, newStates, hostileText)
              : hostileText;
      entries =
          entries.flatMap(
              current ->
                  Arbitraries.frequencyOf(
                          Tuple.of(6, Arbitraries.just("keep")),
                          Tuple.of(1, Arbitraries.just("drop")),
                          Tuple.of(3, Arbitraries.just("replace")))
                      .flatMap(
                          action ->
                              replacement.map(
                                  text -> {
                                    Map<String, String> next = new LinkedHashMap<>(current);
                                    switch (action) {
                                      case "drop" -> next.remove(field);
                                      case "replace" -> next.put(field, text);
                                      default -> {}
                                    }
                                    return next;
                                  })));
    }
    return entries;
  }

  private static String show(String line) {
    return line.length() <= 300 ? "'" + line + "'" : "'" + line.substring(0, 300) + "…'";
  }
}
