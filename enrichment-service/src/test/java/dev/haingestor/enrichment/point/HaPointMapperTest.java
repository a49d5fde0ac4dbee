package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.haingestor.common.config.MeasurementAttr;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of HA's {@code event_to_json} ({@code homeassistant/components/influxdb/__init__.py}),
 * one case each. Expected values are what that Python code produces for the same state.
 */
class HaPointMapperTest {

  private static final Instant UPDATED = Instant.parse("2024-05-01T10:00:00.123456Z");

  private static final HaPointMapper HA_DEFAULTS = HaPointMapper.haDefaults();

  @Nested
  class StateFields {

    @Test
    void numericStateBecomesFloatValueOnly() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.living_temp", "21", attrs()));

      assertThat(point.fields()).containsExactly(entry("value", 21.0));
    }

    @ParameterizedTest
    @CsvSource({"1e-05,0.00001", "-3.5,-3.5", "' 7 ',7", "1_000,1000", ".5,0.5", "5.,5"})
    void stateParsesAsPythonFloatDoes(String state, double expected) {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", state, attrs()));

      assertThat(point.fields()).containsExactly(entry("value", expected));
    }

    @ParameterizedTest
    @CsvSource({
      "on,1.0",
      "open,1.0",
      "home,1.0",
      "locked,1.0",
      "above_horizon,1.0",
      "off,0.0",
      "closed,0.0",
      "not_home,0.0",
      "unlocked,0.0",
      "below_horizon,0.0"
    })
    void mappedStatesGetStateAndValue(String state, double value) {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("binary_sensor.door", state, attrs()));

      assertThat(point.fields()).containsExactly(entry("state", state), entry("value", value));
    }

    @Test
    void otherStringStateIsStateOnly() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("climate.hall", "heat_cool", attrs()));

      assertThat(point.fields()).containsExactly(entry("state", "heat_cool"));
    }

    @Test
    void mappingIsCaseSensitiveAsInHa() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("switch.x", "ON", attrs()));

      assertThat(point.fields()).containsExactly(entry("state", "ON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "inf", "-Infinity"})
    void nonFiniteStateIsWrittenAsStateNotAsValue(String state) {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", state, attrs()));

      assertThat(point.fields()).containsExactly(entry("state", state));
    }
  }

  @Nested
  class Skipping {

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "unavailable", ""})
    void placeholderStatesAreSkippedByDefault(String state) {
      assertThat(HA_DEFAULTS.toPoint(event("sensor.x", state, attrs("unit_of_measurement", "W"))))
          .isNull();
    }

    @Test
    void removalIsSkipped() {
      StateChangedEvent removal =
          new StateChangedEvent("sensor.x", UPDATED, null, EventSource.LIVE, UPDATED);

      assertThat(HA_DEFAULTS.toPoint(removal)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "unavailable", ""})
    void keepUnavailableWritesPlaceholderAsStateOnly(String state) {
      HaPointMapper keeping =
          mapper(props(MeasurementAttr.UNIT_OF_MEASUREMENT, null, null, null, null, null, true));

      InfluxPoint point =
          keeping.toPoint(event("sensor.power", state, attrs("unit_of_measurement", "W")));

      assertThat(point.measurement()).isEqualTo("W");
      assertThat(point.fields()).containsExactly(entry("state", state));
    }
  }

  @Nested
  class Attributes {

    @Test
    void numericAttributeIsFloatField() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("battery", 87)));

      assertThat(point.fields()).containsEntry("battery", 87.0);
    }

    @Test
    void numericStringAttributeIsFloatFieldAsPythonFloatParsesIt() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("reading", "12.5")));

      assertThat(point.fields()).containsEntry("reading", 12.5).doesNotContainKey("reading_str");
    }

    @Test
    void stringAttributeIsStrField() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("friendly_name", "Living room")));

      assertThat(point.fields())
          .containsEntry("friendly_name_str", "Living room")
          .doesNotContainKey("friendly_name");
    }

    @Test
    void booleanAttributesAreOneAndZero() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("light.x", "on", attrs("restored", true, "dimmable", false)));

      assertThat(point.fields()).containsEntry("restored", 1.0).containsEntry("dimmable", 0.0);
    }

    @Test
    void listAttributeIsItsPythonStr() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(
              event("light.x", "on", attrs("supported_color_modes", List.of("hs", "xy"))));

      assertThat(point.fields()).containsEntry("supported_color_modes_str", "['hs', 'xy']");
    }

    @Test
    void dictAttributeIsItsPythonStr() {
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("a", 1.5);
      nested.put("b", null);
      nested.put("c", true);
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("info", nested)));

      assertThat(point.fields()).containsEntry("info_str", "{'a': 1.5, 'b': None, 'c': True}");
    }

    @Test
    void nullAttributeIsNoneString() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("climate.x", "heat", attrs("preset", null)));

      assertThat(point.fields()).containsEntry("preset_str", "None");
    }

    @Test
    void stringWithDigitsAlsoGetsNumericFieldOfItsDigits() {
      // RE_DIGIT_TAIL / RE_DECIMAL in HA's const.py
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("firmware", "v2.15 beta")));

      assertThat(point.fields())
          .containsEntry("firmware_str", "v2.15 beta")
          .containsEntry("firmware", 2.15);
    }

    @Test
    void stringWithTwoDotsGetsNoNumericField() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("ip", "10.0.0.1")));

      assertThat(point.fields()).containsEntry("ip_str", "10.0.0.1").doesNotContainKey("ip");
    }

    @Test
    void collisionWithStateFieldAppendsUnderscore() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("sensor.x", "21.5", attrs("value", 3, "state", "ok")));

      // "value" exists (numeric state) -> "value_"; "state" does not exist -> "state_str".
      assertThat(point.fields())
          .containsExactly(entry("value", 21.5), entry("value_", 3.0), entry("state_str", "ok"));
    }

    @Test
    void collisionWithMappedStateRenamesBoth() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("switch.x", "on", attrs("state", "manual", "value", 7)));

      assertThat(point.fields())
          .containsExactly(
              entry("state", "on"),
              entry("value", 1.0),
              entry("state__str", "manual"),
              entry("value_", 7.0));
    }

    @Test
    void nonFiniteAttributesAreDropped() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(
              event("sensor.x", "1", attrs("a", Double.NaN, "b", "inf", "c", "-Infinity", "d", 2)));

      assertThat(point.fields()).containsOnlyKeys("value", "d");
    }

    @Test
    void ignoredAttributesAreNotWritten() {
      HaPointMapper ignoring =
          mapper(
              props(
                  MeasurementAttr.UNIT_OF_MEASUREMENT,
                  null,
                  null,
                  null,
                  null,
                  List.of("friendly_name", "icon"),
                  false));

      InfluxPoint point =
          ignoring.toPoint(
              event("sensor.x", "1", attrs("friendly_name", "X", "icon", "mdi:x", "battery", 9)));

      assertThat(point.fields()).containsOnlyKeys("value", "battery");
    }
  }

  @Nested
  class Measurement {

    @Test
    void unitNamesMeasurementAndIsNotRepeatedAsField() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(
              event("sensor.living_temp", "21.5", attrs("unit_of_measurement", "°C")));

      assertThat(point.measurement()).isEqualTo("°C");
      assertThat(point.fields()).containsOnlyKeys("value");
    }

    @Test
    void aMeasurementStartingWithHashIsRefusedWithAReasonRatherThanWrittenAsAComment() {
      assertThatThrownBy(
              () ->
                  HA_DEFAULTS.toPoint(
                      event("sensor.visitors", "3", attrs("unit_of_measurement", "#"))))
          .isInstanceOfSatisfying(
              InvalidEventException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNWRITABLE_POINT))
          .hasMessageContaining("sensor.visitors");
    }

    @Test
    void withoutUnitTheFullEntityIdIsTheMeasurement() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("switch.kettle", "on", attrs()));

      assertThat(point.measurement()).isEqualTo("switch.kettle");
    }

    @Test
    void emptyUnitCountsAsMissing() {
      InfluxPoint point =
          HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs("unit_of_measurement", "")));

      assertThat(point.measurement()).isEqualTo("sensor.x");
      assertThat(point.fields()).containsEntry("unit_of_measurement_str", "");
    }

    @Test
    void defaultMeasurementReplacesEntityIdWhenAttributeMissing() {
      HaPointMapper withDefault =
          mapper(
              props(MeasurementAttr.UNIT_OF_MEASUREMENT, "state", null, null, null, null, false));

      assertThat(withDefault.toPoint(event("switch.kettle", "on", attrs())).measurement())
          .isEqualTo("state");
      assertThat(
              withDefault
                  .toPoint(event("sensor.p", "5", attrs("unit_of_measurement", "W")))
                  .measurement())
          .isEqualTo("W");
    }

    @Test
    void overrideMeasurementWinsAndKeepsUnitAsField() {
      HaPointMapper overriding =
          mapper(
              props(
                  MeasurementAttr.UNIT_OF_MEASUREMENT, "fallback", "ha", null, null, null, false));

      InfluxPoint point =
          overriding.toPoint(event("sensor.p", "5", attrs("unit_of_measurement", "W")));

      assertThat(point.measurement()).isEqualTo("ha");
      assertThat(point.fields()).containsEntry("unit_of_measurement_str", "W");
    }

    @Test
    void domainDeviceClassNamesMeasurementAndDropsDeviceClassField() {
      HaPointMapper byDeviceClass = mapper(attr(MeasurementAttr.DOMAIN_DEVICE_CLASS));

      InfluxPoint point =
          byDeviceClass.toPoint(
              event(
                  "sensor.t",
                  "20",
                  attrs("device_class", "temperature", "unit_of_measurement", "°C")));

      assertThat(point.measurement()).isEqualTo("sensor__temperature");
      assertThat(point.fields())
          .containsEntry("unit_of_measurement_str", "°C")
          .doesNotContainKey("device_class_str");
    }

    @Test
    void domainDeviceClassWithoutDeviceClassIsTheDomain() {
      HaPointMapper byDeviceClass = mapper(attr(MeasurementAttr.DOMAIN_DEVICE_CLASS));

      assertThat(byDeviceClass.toPoint(event("switch.kettle", "on", attrs())).measurement())
          .isEqualTo("switch");
    }

    @Test
    void entityIdMeasurementKeepsUnitField() {
      HaPointMapper byEntity = mapper(attr(MeasurementAttr.ENTITY_ID));

      InfluxPoint point =
          byEntity.toPoint(event("sensor.p", "5", attrs("unit_of_measurement", "W")));

      assertThat(point.measurement()).isEqualTo("sensor.p");
      assertThat(point.fields()).containsEntry("unit_of_measurement_str", "W");
    }
  }

  @Nested
  class Tags {

    @Test
    void domainAndObjectIdAreTags() {
      InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.living_temp", "21", attrs()));

      assertThat(point.tags())
          .containsExactly(entry("domain", "sensor"), entry("entity_id", "living_temp"));
    }

    @Test
    void tagsAttributesBecomeTagsNotFieldsAndStaticTagsWin() {
      HaPointMapper tagging =
          mapper(
              props(
                  MeasurementAttr.UNIT_OF_MEASUREMENT,
                  null,
                  null,
                  List.of("room=static", "site=home"),
                  List.of("room", "floor"),
                  null,
                  false));

      InfluxPoint point =
          tagging.toPoint(event("sensor.x", "1", attrs("room", "kitchen", "floor", 2)));

      assertThat(point.tags())
          .containsExactly(
              entry("domain", "sensor"),
              entry("entity_id", "x"),
              entry("room", "static"),
              entry("floor", "2"),
              entry("site", "home"));
      assertThat(point.fields()).containsOnlyKeys("value");
    }
  }

  @Test
  void timeIsTheStatesLastUpdated() {
    InfluxPoint point = HA_DEFAULTS.toPoint(event("sensor.x", "1", attrs()));

    assertThat(point.time()).isEqualTo(UPDATED);
  }

  private static HaPointMapper mapper(HaSchemaProperties properties) {
    return HaPointMapper.of(properties.toSchemaConfig(TimestampPrecision.NS), null, false);
  }

  /** The environment's options with no filter, overrides or normalisation. */
  private static HaSchemaProperties props(
      MeasurementAttr measurementAttr,
      String defaultMeasurement,
      String overrideMeasurement,
      List<String> tags,
      List<String> tagsAttributes,
      List<String> ignoreAttributes,
      boolean keepUnavailable) {
    return new HaSchemaProperties(
        measurementAttr,
        defaultMeasurement,
        overrideMeasurement,
        tags,
        tagsAttributes,
        ignoreAttributes,
        keepUnavailable,
        null,
        null,
        null,
        null,
        null,
        false);
  }

  private static HaSchemaProperties attr(MeasurementAttr attr) {
    return props(attr, null, null, null, null, null, false);
  }

  private static StateChangedEvent event(String entityId, String state, Map<String, Object> attrs) {
    HaState haState = new HaState(entityId, state, attrs, UPDATED, UPDATED);
    return new StateChangedEvent(entityId, UPDATED, haState, EventSource.LIVE, UPDATED);
  }

  /** Attributes in the given order, values may be null (as JSON null). */
  private static Map<String, Object> attrs(Object... keysAndValues) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return attributes;
  }
}
