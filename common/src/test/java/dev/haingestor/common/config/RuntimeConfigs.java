package dev.haingestor.common.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders of runtime configurations for tests. */
final class RuntimeConfigs {

  private RuntimeConfigs() {}

  static RuntimeConfig full() {
    return new RuntimeConfig(
        3,
        Instant.parse("2026-11-22T10:15:30.123Z"),
        "admin",
        new FilterConfig(
            new EntityMatch(List.of("sensor"), List.of("light.kitchen"), List.of("switch.*_plug")),
            new EntityMatch(List.of(), List.of("sensor.uptime"), List.of("sensor.*_rssi"))),
        new AttributeConfig(
            List.of(),
            List.of("icon"),
            Map.of("climate", new AttributeRules(List.of("temperature"), List.of()))),
        new IngestionConfig(250, true, Duration.ofHours(1)),
        new EnrichmentConfig(2000, 2, 100),
        new SchemaConfig(
            MeasurementAttr.DOMAIN_DEVICE_CLASS,
            "state",
            null,
            Map.of("instance", "home"),
            List.of("friendly_name"),
            List.of("supported_features"),
            true,
            Precision.MS,
            Map.of("sensor.outdoor", new ComponentConfig("outdoor", null)),
            Map.of("climate", new ComponentConfig(null, List.of("hvac_modes"))),
            Map.of("sensor.*_power", new ComponentConfig("power", List.of()))),
        new WeatherConfig(
            true,
            WeatherProvider.HA_ENTITY,
            "weather.home",
            52.52,
            13.405,
            Duration.ofMinutes(30),
            List.of("temperature")));
  }

  static RuntimeConfig withFilter(FilterConfig filter) {
    return new RuntimeConfig(0, null, null, filter, null, null, null, null, null);
  }

  static RuntimeConfig withAttributes(AttributeConfig attributes) {
    return new RuntimeConfig(0, null, null, null, attributes, null, null, null, null);
  }

  static RuntimeConfig withIngestion(IngestionConfig ingestion) {
    return new RuntimeConfig(0, null, null, null, null, ingestion, null, null, null);
  }

  static RuntimeConfig withEnrichment(EnrichmentConfig enrichment) {
    return new RuntimeConfig(0, null, null, null, null, null, enrichment, null, null);
  }

  static RuntimeConfig withSchema(SchemaConfig schema) {
    return new RuntimeConfig(0, null, null, null, null, null, null, schema, null);
  }

  static RuntimeConfig withWeather(WeatherConfig weather) {
    return new RuntimeConfig(0, null, null, null, null, null, null, null, weather);
  }

  static SchemaConfig schema() {
    return new SchemaConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  static WeatherConfig weather() {
    return new WeatherConfig(true, null, null, null, null, null, null);
  }
}
