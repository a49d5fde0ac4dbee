package dev.haingestor.enrichment.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.enrichment.point.TimestampPrecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The override rule of {@code common/RUNTIME_CONFIG.md}: a runtime section replaces the
 * environment's section as a whole (missing fields take built-in defaults), an absent one leaves
 * it; each version becomes one immutable snapshot.
 */
class RuntimeSettingsTest {

  private static final RuntimeConfigJson JSON = new RuntimeConfigJson();
  private static final Instant AT = Instant.parse("2025-11-20T10:00:00Z");

  private final EnvironmentSettings environment =
      new EnvironmentSettings(
          new Batching(500, Duration.ofSeconds(3), 50),
          new dev.haingestor.common.config.SchemaConfig(
              null,
              null,
              "env_measurement",
              null,
              null,
              null,
              null,
              TimestampPrecision.US.toPrecision(),
              null,
              null,
              null),
          null,
          false,
          new WeatherSettings(
              true, WeatherProvider.OPEN_METEO, null, 52.0, 4.0, Duration.ofMinutes(15), Set.of()));

  @Test
  void withoutARuntimeConfigurationTheEnvironmentIsInForce() {
    EnrichmentSettings settings = new RuntimeSettings(environment, null).current();

    assertThat(settings.version()).isZero();
    assertThat(settings.batching()).isEqualTo(new Batching(500, Duration.ofSeconds(3), 50));
    assertThat(settings.schema().precision()).isEqualTo(TimestampPrecision.US);
    assertThat(settings.schema().toPoint(event("sensor.a")).measurement())
        .isEqualTo("env_measurement");
    assertThat(settings.weather().latitude()).isEqualTo(52.0);
  }

  @Test
  void aPresentSectionReplacesTheEnvironmentsWholeSectionAndAbsentOnesStay() {
    RuntimeSettings settings = new RuntimeSettings(environment, null);

    settings.apply(
        config(
            """
            {"version": 4,
             "enrichment": {"batch_size": 200},
             "schema": {"component_config_glob": {"sensor.*": {"override_measurement": "sensors"}}},
             "filter": {"exclude": {"domains": ["switch"]}}}
            """));

    EnrichmentSettings current = settings.current();
    assertThat(current.version()).isEqualTo(4);
    // Fields missing inside the present section take the built-in defaults, not the environment's.
    assertThat(current.batching()).isEqualTo(new Batching(200, Duration.ofSeconds(1), 1));
    assertThat(current.schema().precision()).isEqualTo(TimestampPrecision.NS);
    assertThat(current.schema().toPoint(event("sensor.a")).measurement()).isEqualTo("sensors");
    assertThat(current.schema().toPoint(event("light.a")).measurement()).isEqualTo("light.a");
    assertThat(current.schema().accepts("switch.kettle")).isFalse();
    assertThat(current.weather()).isEqualTo(environment.weather());
  }

  @Test
  void aWeatherSectionWithoutLocationKeepsTheEnvironmentsLocation() {
    RuntimeSettings settings = new RuntimeSettings(environment, null);

    settings.apply(
        config(
            """
            {"version": 2, "weather": {"enabled": true, "provider": "openweathermap",
             "context_device_classes": ["temperature"]}}
            """));

    WeatherSettings weather = settings.current().weather();
    assertThat(weather.provider()).isEqualTo(WeatherProvider.OPENWEATHERMAP);
    assertThat(weather.latitude()).isEqualTo(52.0);
    assertThat(weather.longitude()).isEqualTo(4.0);
    assertThat(weather.contextDeviceClasses()).containsExactly("temperature");
  }

  @Test
  void removingASectionReturnsItToTheEnvironment() {
    RuntimeSettings settings = new RuntimeSettings(environment, null);
    settings.apply(config("{\"version\": 1, \"enrichment\": {\"batch_size\": 10}}"));

    settings.apply(config("{\"version\": 2}"));

    assertThat(settings.current().batching().batchSize()).isEqualTo(500);
  }

  @Test
  void readersKeepTheSnapshotTheyTookWhileANewVersionIsApplied() {
    RuntimeSettings settings = new RuntimeSettings(environment, null);
    EnrichmentSettings taken = settings.current();

    settings.apply(config("{\"version\": 9, \"enrichment\": {\"batch_size\": 10}}"));

    assertThat(taken.batching().batchSize()).isEqualTo(500);
    assertThat(settings.current().batching().batchSize()).isEqualTo(10);
  }

  private static RuntimeConfig config(String json) {
    return JSON.read(json);
  }

  private static StateChangedEvent event(String entityId) {
    HaState state = new HaState(entityId, "1", Map.of(), AT, AT);
    return new StateChangedEvent(entityId, AT, state, EventSource.LIVE, AT);
  }
}
