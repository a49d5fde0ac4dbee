package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The weather context with a provider on loopback: its observation becomes a {@code weather} point
 * and context fields of temperature points; while it answers 500 or hangs, events flow at full
 * speed (the cache is only read, refreshes run in the background), its breaker opens, and it
 * recovers when the provider does. The provider can be switched at runtime (admin-api's document).
 */
class WeatherIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int EVENTS_WHILE_DOWN = 300;

  @Test
  void eventsFlowAtFullSpeedWhileTheProviderFailsAndWeatherRecoversAfterwards() {
    RedisKeys keys = uniqueKeys("weather");
    String database = influx.createDatabase("enrichment_weather");
    Instant firstObservation = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

    try (WeatherStub provider = new WeatherStub(firstObservation);
        ConfigurableApplicationContext service =
            startService(keys, "weather-consumer", weatherProperties(database, provider))) {
      MeterRegistry meters = service.getBean(MeterRegistry.class);

      // Healthy provider: a weather point at the observation's own time, context on °C points.
      await().atMost(WAIT).until(() -> weatherRows(database).size() == 1);
      Map<String, Object> weather = weatherRows(database).get(0);
      assertThat(weather.get("time")).isEqualTo(firstObservation);
      assertThat(((Number) weather.get("temperature")).doubleValue()).isEqualTo(11.5);
      assertThat(weather)
          .containsEntry("condition_str", "wmo_3")
          .containsEntry("provider", "open_meteo");
      add(keys, temperatureEvent(0));
      await().atMost(WAIT).until(() -> totalPoints(database, "°C") == 1);
      assertThat(
              ((Number)
                      influxQl
                          .query(database, "SELECT weather_temperature FROM \"°C\"")
                          .get(0)
                          .rows()
                          .get(0)
                          .get("weather_temperature"))
                  .doubleValue())
          .isEqualTo(11.5);

      // The provider hangs, then answers 500: its breaker opens; events are not held up.
      provider.mode(WeatherStub.Mode.HANG);
      await().atMost(WAIT).until(() -> breakerState(meters, "open") == 1);
      assertThat(fetches(meters, "failure")).isPositive();
      provider.mode(WeatherStub.Mode.ERROR_500);
      List<StateChangedEvent> burst = new ArrayList<>();
      for (int i = 1; i <= EVENTS_WHILE_DOWN; i++) {
        burst.add(temperatureEvent(i));
      }
      long start = System.nanoTime();
      addAll(keys, burst);
      await().atMost(WAIT).until(() -> totalPoints(database, "°C") == EVENTS_WHILE_DOWN + 1);
      Duration tookWhileDown = Duration.ofNanos(System.nanoTime() - start);
      assertThat(tookWhileDown).isLessThan(Duration.ofSeconds(15));
      // The stale observation is still served meanwhile.
      assertThat(influxQl.count(database, "SELECT COUNT(weather_temperature) FROM \"°C\""))
          .isEqualTo(EVENTS_WHILE_DOWN + 1);

      // The provider recovers: the breaker closes, a new observation is written.
      Instant secondObservation = firstObservation.plusSeconds(60);
      provider.observation(secondObservation, 12.25);
      provider.mode(WeatherStub.Mode.OK);
      await().atMost(WAIT).until(() -> breakerState(meters, "closed") == 1);
      await().atMost(WAIT).until(() -> weatherRows(database).size() == 2);
      assertThat(weatherRows(database).get(1).get("time")).isEqualTo(secondObservation);

      // Switched to OpenWeatherMap at runtime: same location, its key from the environment.
      storeRuntimeConfig(
          keys,
          """
          {"weather": {"enabled": true, "provider": "openweathermap", "latitude": 52.37,
           "longitude": 4.89, "refresh_interval": "PT1M", "context_device_classes": ["temperature"]}}
          """);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  influxQl
                          .query(
                              database,
                              "SELECT * FROM \"weather\" WHERE provider = 'openweathermap'")
                          .size()
                      == 1);
      assertThat(provider.requests())
          .anySatisfy(
              uri -> assertThat(uri).startsWith("/data/2.5/weather").contains("appid=test-key"));
    }
  }

  private static Map<String, String> weatherProperties(String database, WeatherStub provider) {
    return with(
        v2Sink(influx.v2Url(), database),
        "weather.enabled",
        "true",
        "weather.provider",
        "open_meteo",
        "weather.latitude",
        "52.37",
        "weather.longitude",
        "4.89",
        "weather.context-device-classes",
        "temperature",
        "weather.refresh-interval",
        "1s",
        "weather.check-interval",
        "200ms",
        "weather.timeout",
        "1s",
        "weather.attempts",
        "2",
        "weather.breaker-open-duration",
        "1s",
        "weather.api-key",
        "test-key",
        "weather.open-meteo-url",
        provider.url(),
        "weather.openweathermap-url",
        provider.url());
  }

  private static StateChangedEvent temperatureEvent(int i) {
    return event(
        "sensor.living_temperature",
        Double.toString(20 + i / 100.0),
        recentMicros(0).plusMillis(i),
        Map.of("unit_of_measurement", "°C", "device_class", "temperature"));
  }

  private static List<Map<String, Object>> weatherRows(String database) {
    return influxQl.query(database, "SELECT * FROM \"weather\" ORDER BY time").stream()
        .flatMap(series -> series.rows().stream())
        .toList();
  }

  private static double fetches(MeterRegistry meters, String outcome) {
    return meters
        .get(MetricNames.ENRICHMENT_WEATHER_FETCHES)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private static double breakerState(MeterRegistry meters, String state) {
    return meters
        .get(MetricNames.ENRICHMENT_CIRCUIT_BREAKER_STATE)
        .tag("breaker", "weather")
        .tag("state", state)
        .gauge()
        .value();
  }

  private static void storeRuntimeConfig(RedisKeys keys, String json) {
    RedisStandaloneConfiguration config =
        new RedisStandaloneConfiguration(redisServer.host(), redisServer.port());
    if (redisServer.password() != null) {
      config.setPassword(redisServer.password());
    }
    LettuceConnectionFactory connections = new LettuceConnectionFactory(config);
    connections.afterPropertiesSet();
    connections.start();
    try {
      RuntimeConfigStore store =
          new RuntimeConfigStore(new ReactiveStringRedisTemplate(connections), keys);
      RuntimeConfig current =
          store.load().block(Duration.ofSeconds(5)).orElse(RuntimeConfig.empty());
      store
          .replace(new RuntimeConfigJson().read(json), current.version(), "test")
          .block(Duration.ofSeconds(5));
    } finally {
      connections.destroy();
    }
  }
}
