package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The optional canonical-unit fields: HA's fields untouched, the canonical value next to them. */
class UnitNormalizerTest {

  private static final Instant AT = Instant.parse("2025-11-20T10:00:00.5Z");
  private static final HaPointMapper NORMALIZING =
      HaPointMapper.of(HaPointMapper.defaultSchema(), null, true);

  @ParameterizedTest
  @CsvSource({
    "68,°F,temperature,20.0,°C",
    "293.15,K,temperature,20.0,°C",
    "21.5,°C,temperature,21.5,°C",
    "1500,Wh,energy,1.5,kWh",
    "2,MWh,energy,2000.0,kWh",
    "1.2,kW,power,1200.0,W",
    "1013,mbar,pressure,1013.0,hPa",
    "101300,Pa,atmospheric_pressure,1013.0,hPa",
    "101.3,kPa,pressure,1013.0,hPa",
    "29.92,inHg,pressure,1013.2076,hPa",
    "14.7,psi,pressure,1013.5293,hPa",
    "36,km/h,wind_speed,10.0,m/s",
    "10,mph,wind_speed,4.4704,m/s",
    "10,kn,speed,5.1444,m/s"
  })
  void addsTheCanonicalValueAndKeepsHasFields(
      String state, String unit, String deviceClass, double canonical, String canonicalUnit) {
    InfluxPoint point = NORMALIZING.toPoint(event(state, unit, deviceClass));

    assertThat(point.measurement()).isEqualTo(unit);
    assertThat((Double) point.fields().get("value")).isEqualTo(Double.parseDouble(state));
    assertThat((Double) point.fields().get(UnitNormalizer.VALUE_FIELD))
        .isCloseTo(canonical, within(1e-3));
    assertThat(point.fields()).containsEntry(UnitNormalizer.UNIT_FIELD, canonicalUnit);
    assertThat(point.fields()).containsEntry("device_class_str", deviceClass);
  }

  @Test
  void aUnitChangeKeepsOneCanonicalCurve() {
    double fahrenheit =
        (Double)
            NORMALIZING.toPoint(event("70.7", "°F", "temperature")).fields().get("value_canonical");
    double celsius =
        (Double)
            NORMALIZING.toPoint(event("21.5", "°C", "temperature")).fields().get("value_canonical");

    assertThat(fahrenheit).isCloseTo(celsius, within(0.01));
  }

  @Test
  void leavesUnknownUnitsMismatchedClassesAndNonNumericStatesAlone() {
    assertThat(NORMALIZING.toPoint(event("5", "lx", "illuminance")).fields())
        .doesNotContainKey(UnitNormalizer.VALUE_FIELD);
    assertThat(NORMALIZING.toPoint(event("5", "W", "energy")).fields())
        .doesNotContainKey(UnitNormalizer.VALUE_FIELD);
    assertThat(NORMALIZING.toPoint(event("on", "W", "power")).fields())
        .doesNotContainKey(UnitNormalizer.VALUE_FIELD);
  }

  @Test
  void isOffByDefault() {
    assertThat(HaPointMapper.haDefaults().toPoint(event("68", "°F", "temperature")).fields())
        .containsOnlyKeys("value", "device_class_str");
  }

  private static StateChangedEvent event(String state, String unit, String deviceClass) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("unit_of_measurement", unit);
    attributes.put("device_class", deviceClass);
    HaState haState = new HaState("sensor.x", state, attributes, AT, AT);
    return new StateChangedEvent("sensor.x", AT, haState, EventSource.LIVE, AT);
  }
}
