package dev.haingestor.enrichment.fuzz;

import dev.haingestor.common.config.ComponentConfig;
import dev.haingestor.common.config.MeasurementAttr;
import dev.haingestor.common.config.Precision;
import dev.haingestor.common.config.SchemaConfig;
import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of hostile HA states and schema options for the point builder's properties. */
final class HostileStates {

  static final Instant MIN_TIME = Instant.parse("1900-01-01T00:00:00Z");

  /** Nanosecond timestamps end in 2262: later states are a separate, documented refusal. */
  static final Instant MAX_TIME = Instant.parse("2200-01-01T00:00:00Z");

  private HostileStates() {}

  /** Characters that line protocol treats specially, plus the usual suspects. */
  static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars(",= \"\\\n\r\t#_.aZ0°%²µ")
            .withCharRange('a', 'c')
            .ofMaxLength(12),
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.of(
            "unit_of_measurement",
            "device_class",
            "friendly_name",
            "state",
            "value",
            "entity_id",
            "domain",
            "time",
            "value_",
            "",
            " ",
            "°C",
            "kWh",
            "m³/h",
            "%"));
  }

  /** State texts: numbers as Python's float() reads them, and everything else. */
  static Arbitrary<String> stateTexts() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "1e999",
            "-1e999",
            "1e-400",
            "nan",
            "NaN",
            "-nan",
            "inf",
            "-Infinity",
            "infinity",
            "-0",
            "-0.0",
            "0x10",
            "1_000",
            "1__0",
            "_1",
            "\u0661\u0662\u0663",
            " 7 ",
            "\u00a07\u2003",
            "1.5e308",
            "123456789012345678901234567890",
            "on",
            "off",
            "home",
            "unknown",
            "unavailable",
            "",
            "\ud800",
            "21.5 °C"),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.strings().all().ofMaxLength(30),
        names());
  }

  /** Attribute values as the stream decoder produces them, and a few more Java types. */
  static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.of(
                new BigInteger("1" + "0".repeat(400)),
                new BigInteger("-123456789012345678901234567890"),
                new BigDecimal("1e999"),
                new BigDecimal("-0.000"),
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE),
            Arbitraries.doubles().map(d -> (Object) d),
            stateTexts().map(s -> (Object) s),
            Arbitraries.of("12.5.6", "v1.2.3", "abc12def", "1.23", "١٢.٥", "𝟏𝟐").map(s -> s));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> nested = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<Object> list = nested.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
    Arbitrary<Object> map =
        Combinators.combine(names(), nested)
            .as(Tuple::of)
            .list()
            .ofMaxSize(3)
            .map(
                entries -> {
                  Map<String, Object> out = new LinkedHashMap<>();
                  entries.forEach(e -> out.put(e.get1(), e.get2()));
                  return (Object) out;
                });
    return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, list), Tuple.of(1, map));
  }

  static Arbitrary<Map<String, Object>> attributes() {
    return Combinators.combine(names(), values(2))
        .as(Tuple::of)
        .list()
        .ofMaxSize(8)
        .map(
            entries -> {
              Map<String, Object> out = new LinkedHashMap<>();
              entries.forEach(e -> out.put(e.get1(), e.get2()));
              return out;
            });
  }

  static Arbitrary<String> entityIds() {
    Arbitrary<String> objectIds =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('_')
            .ofMinLength(1)
            .ofMaxLength(20);
    return Combinators.combine(
            Arbitraries.of("sensor", "binary_sensor", "light", "climate", "weather", "counter"),
            objectIds)
        .as((domain, object) -> domain + "." + object)
        .filter(EntityIds::isValid);
  }

  static Arbitrary<Instant> times() {
    return Arbitraries.longs()
        .between(MIN_TIME.toEpochMilli() * 1000, MAX_TIME.toEpochMilli() * 1000)
        .map(micros -> Instant.ofEpochSecond(0, 0).plusNanos(micros * 1000));
  }

  static Arbitrary<StateChangedEvent> events() {
    Arbitrary<HaState> states =
        Combinators.combine(entityIds(), stateTexts(), attributes(), times())
            .as((id, state, attributes, time) -> new HaState(id, state, attributes, time, time));
    return Arbitraries.frequencyOf(
            Tuple.of(20, states.map(s -> (HaState) s)), Tuple.of(1, Arbitraries.just(null)))
        .flatMap(
            state ->
                entityIds()
                    .map(
                        id ->
                            new StateChangedEvent(
                                state == null ? id : state.entityId(),
                                state == null ? MIN_TIME : state.lastUpdated(),
                                state,
                                EventSource.LIVE,
                                MIN_TIME)));
  }

  /** HA's schema options: every measurement rule, hostile names and tags, every precision. */
  static Arbitrary<SchemaConfig> schemas() {
    Arbitrary<String> optionalName =
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(null)), Tuple.of(1, names()));
    Arbitrary<Map<String, String>> tags =
        Combinators.combine(names(), names())
            .as(Tuple::of)
            .list()
            .ofMaxSize(2)
            .map(
                entries -> {
                  Map<String, String> out = new LinkedHashMap<>();
                  entries.forEach(e -> out.put(e.get1(), e.get2()));
                  return out;
                });
    Arbitrary<List<String>> attributeNames = names().list().ofMaxSize(3);
    return Combinators.combine(
            Arbitraries.of(MeasurementAttr.class),
            optionalName,
            optionalName,
            tags,
            attributeNames,
            attributeNames,
            Arbitraries.of(true, false),
            Arbitraries.of(Precision.class))
        .as(
            (attr, defaultMeasurement, override, staticTags, tagsAttributes, ignore, keep, p) ->
                new SchemaConfig(
                    attr,
                    defaultMeasurement,
                    override,
                    staticTags,
                    tagsAttributes,
                    ignore,
                    keep,
                    p,
                    Map.<String, ComponentConfig>of(),
                    Map.<String, ComponentConfig>of(),
                    Map.<String, ComponentConfig>of()));
  }
}
