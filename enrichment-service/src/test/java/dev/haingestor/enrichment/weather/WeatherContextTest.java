package dev.haingestor.enrichment.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.common.event.HaState;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.runtime.WeatherSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading the weather never waits; context fields only from an observation near the point. */
class WeatherContextTest {

  private static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");
  private static final WeatherSettings OPEN_METEO =
      new WeatherSettings(
          true,
          WeatherProvider.OPEN_METEO,
          null,
          52.37,
          4.89,
          Duration.ofMinutes(15),
          Set.of("temperature"));

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final WeatherContext context =
      new WeatherContext(properties(), Clock.fixed(NOW, ZoneOffset.UTC), meters);

  @Test
  void addsContextFieldsForConfiguredDeviceClassesFromTheCachedObservation() {
    context.store(WeatherKey.of(OPEN_METEO), observation(NOW.minusSeconds(600)));

    assertThat(context.fieldsFor(OPEN_METEO, "temperature", NOW))
        .containsEntry("weather_temperature", 11.5)
        .containsEntry("weather_humidity", 80.0)
        .containsEntry("weather_pressure", 1012.0)
        .containsEntry("weather_wind_speed", 3.2)
        .containsEntry("weather_condition_str", "wmo_3");
    assertThat(context.fieldsFor(OPEN_METEO, "power", NOW)).isEmpty();
    assertThat(context.fieldsFor(OPEN_METEO, null, NOW)).isEmpty();
    assertThat(
            meters
                .get("ha.ingestor.enrichment.weather.cache")
                .tag("result", "hit")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aMissingObservationOrAPointFarFromItGetsNoContext() {
    assertThat(context.fieldsFor(OPEN_METEO, "temperature", NOW)).isEmpty();

    context.store(WeatherKey.of(OPEN_METEO), observation(NOW));
    // A backfilled point from yesterday gets no present-day weather.
    assertThat(context.fieldsFor(OPEN_METEO, "temperature", NOW.minus(Duration.ofDays(1))))
        .isEmpty();
    assertThat(
            meters
                .get("ha.ingestor.enrichment.weather.cache")
                .tag("result", "miss")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void anotherLocationDoesNotGetTheOldLocationsWeather() {
    context.store(WeatherKey.of(OPEN_METEO), observation(NOW));
    WeatherSettings elsewhere =
        new WeatherSettings(
            true,
            WeatherProvider.OPEN_METEO,
            null,
            40.0,
            -3.7,
            Duration.ofMinutes(15),
            Set.of("temperature"));

    assertThat(context.fieldsFor(elsewhere, "temperature", NOW)).isEmpty();
  }

  @Test
  void haWeatherEntityBecomesTheObservationInCanonicalUnitsWithNoExternalCall() {
    WeatherSettings fromEntity =
        new WeatherSettings(
            true,
            WeatherProvider.HA_ENTITY,
            "weather.home",
            null,
            null,
            Duration.ofMinutes(15),
            Set.of("temperature"));
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("temperature", 59.0);
    attributes.put("temperature_unit", "°F");
    attributes.put("humidity", 72);
    attributes.put("pressure", 29.92);
    attributes.put("pressure_unit", "inHg");
    attributes.put("wind_speed", 36.0);
    attributes.put("wind_speed_unit", "km/h");
    Instant observed = NOW.minusSeconds(30);
    HaState weather = new HaState("weather.home", "rainy", attributes, observed, observed);

    InfluxPoint point = context.observeEntity(fromEntity, weather);

    assertThat(point.measurement()).isEqualTo("weather");
    assertThat(point.time()).isEqualTo(observed);
    assertThat(point.tags())
        .containsEntry("provider", "ha_entity")
        .containsEntry("entity_id", "weather.home");
    assertThat((Double) point.fields().get("temperature")).isCloseTo(15.0, within(1e-9));
    assertThat((Double) point.fields().get("pressure")).isCloseTo(1013.2, within(0.01));
    assertThat((Double) point.fields().get("wind_speed")).isCloseTo(10.0, within(1e-9));
    assertThat(point.fields()).containsEntry("condition_str", "rainy");
    assertThat(context.fieldsFor(fromEntity, "temperature", NOW))
        .containsKey("weather_temperature");
    assertThat(
            context.observeEntity(
                fromEntity, new HaState("weather.other", "sunny", attributes, NOW, NOW)))
        .isNull();
  }

  private static WeatherObservation observation(Instant observedAt) {
    return new WeatherObservation(
        observedAt, NOW, 11.5, 80.0, 1012.0, 3.2, 200.0, 75.0, 0.0, "wmo_3");
  }

  private static WeatherProperties properties() {
    return new WeatherProperties(
        true,
        WeatherProvider.OPEN_METEO,
        null,
        52.37,
        4.89,
        Duration.ofMinutes(15),
        List.of("temperature"),
        null,
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        3,
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        "http://127.0.0.1:1",
        "http://127.0.0.1:1");
  }
}
