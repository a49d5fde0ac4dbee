package dev.haingestor.common.config;

import static dev.haingestor.common.config.RuntimeConfigs.withAttributes;
import static dev.haingestor.common.config.RuntimeConfigs.withEnrichment;
import static dev.haingestor.common.config.RuntimeConfigs.withFilter;
import static dev.haingestor.common.config.RuntimeConfigs.withIngestion;
import static dev.haingestor.common.config.RuntimeConfigs.withSchema;
import static dev.haingestor.common.config.RuntimeConfigs.withWeather;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

class RuntimeConfigValidatorTest {

  private final RuntimeConfigValidator validator = new RuntimeConfigValidator();

  @Test
  void acceptsAFullValidConfigurationAndTheEmptyOne() {
    assertThat(validator.validate(RuntimeConfigs.full())).isEmpty();
    assertThat(validator.validate(RuntimeConfig.empty())).isEmpty();
  }

  // --- metadata

  @Test
  void rejectsANegativeVersion() {
    assertThat(validator.validate(RuntimeConfig.empty().withMetadata(-1, null, null)))
        .containsExactly(new ConfigViolation("version", "must be 0 or more"));
  }

  @Test
  void boundsUpdatedBy() {
    RuntimeConfig longName = RuntimeConfig.empty().withMetadata(1, Instant.EPOCH, "x".repeat(129));
    RuntimeConfig control = RuntimeConfig.empty().withMetadata(1, Instant.EPOCH, "ad\u0000min");

    paths(longName).containsExactly("updated_by");
    paths(control).containsExactly("updated_by");
  }

  // --- filter

  @Test
  void rejectsInvalidDomainsEntityIdsAndGlobsNamingTheItem() {
    FilterConfig filter =
        new FilterConfig(
            new EntityMatch(
                List.of("light", "Light", "_x", "a__b", "bad."),
                List.of("sensor.ok", "sensor", "Sensor.X", "sensor.a__b"),
                List.of("sensor.*", "Sensor.*", "sensor temp", "")),
            new EntityMatch(List.of(), List.of(), List.of("sensor.[z-a]")));

    paths(withFilter(filter))
        .containsExactly(
            "filter.include.domains[1]",
            "filter.include.domains[2]",
            "filter.include.domains[3]",
            "filter.include.domains[4]",
            "filter.include.entities[1]",
            "filter.include.entities[2]",
            "filter.include.entities[3]",
            "filter.include.entity_globs[1]",
            "filter.include.entity_globs[2]",
            "filter.include.entity_globs[3]",
            "filter.exclude.entity_globs[0]");
  }

  @Test
  void rejectsNullListItems() {
    FilterConfig filter =
        new FilterConfig(new EntityMatch(Arrays.asList("light", null), null, null), null);

    assertThat(validator.validate(withFilter(filter)))
        .containsExactly(new ConfigViolation("filter.include.domains[1]", "must not be null"));
  }

  @Test
  void boundsListSizes() {
    List<String> many = Collections.nCopies(RuntimeConfigValidator.MAX_ITEMS + 1, "light");
    FilterConfig filter = new FilterConfig(new EntityMatch(many, null, null), null);

    assertThat(validator.validate(withFilter(filter)))
        .containsExactly(new ConfigViolation("filter.include.domains", "at most 1000 items"));
    assertThat(
            validator.validate(
                withFilter(
                    new FilterConfig(new EntityMatch(many.subList(0, 1000), null, null), null))))
        .isEmpty();
  }

  @Test
  void acceptsFnmatchGlobs() {
    FilterConfig filter =
        new FilterConfig(
            new EntityMatch(
                null, null, List.of("*", "sensor.?_temp", "sensor.temp_[12]", "sensor.[!a-c]*")),
            null);

    assertThat(validator.validate(withFilter(filter))).isEmpty();
  }

  // --- attributes

  @Test
  void rejectsBlankOrOverlongAttributeNamesAndBadPerDomainKeys() {
    Map<String, AttributeRules> perDomain = new LinkedHashMap<>();
    perDomain.put("climate", new AttributeRules(List.of(" "), List.of("ok")));
    perDomain.put("Climate", new AttributeRules(null, null));
    perDomain.put("light", null);
    AttributeConfig attributes =
        new AttributeConfig(List.of("x".repeat(256)), List.of("", "icon"), perDomain);

    paths(withAttributes(attributes))
        .containsExactly(
            "attributes.allow[0]",
            "attributes.ignore[0]",
            "attributes.per_domain.climate.allow[0]",
            "attributes.per_domain[\"Climate\"]",
            "attributes.per_domain.light");
  }

  // --- ingestion

  @Test
  void boundsTheProcessingRate() {
    paths(withIngestion(new IngestionConfig(-1, null, null)))
        .containsExactly("ingestion.max_processing_rate");
    paths(withIngestion(new IngestionConfig(1_000_001, null, null)))
        .containsExactly("ingestion.max_processing_rate");
    assertThat(validator.validate(withIngestion(new IngestionConfig(0, null, null)))).isEmpty();
  }

  @Test
  void republishIntervalIsOffOrBetweenTenSecondsAndSevenDays() {
    for (Duration valid :
        List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofDays(7))) {
      assertThat(validator.validate(withIngestion(new IngestionConfig(null, null, valid))))
          .as(valid.toString())
          .isEmpty();
    }
    for (Duration invalid :
        List.of(Duration.ofSeconds(-1), Duration.ofSeconds(9), Duration.ofDays(7).plusSeconds(1))) {
      paths(withIngestion(new IngestionConfig(null, null, invalid)))
          .as(invalid.toString())
          .containsExactly("ingestion.republish_interval");
    }
  }

  // --- enrichment

  @Test
  void boundsBatchSizeTimeoutAndMinimum() {
    paths(withEnrichment(new EnrichmentConfig(0, null, null)))
        .containsExactly("enrichment.batch_size");
    paths(withEnrichment(new EnrichmentConfig(10_001, null, null)))
        .containsExactly("enrichment.batch_size");
    paths(withEnrichment(new EnrichmentConfig(null, -1, null)))
        .containsExactly("enrichment.batch_timeout_seconds");
    paths(withEnrichment(new EnrichmentConfig(null, 61, null)))
        .containsExactly("enrichment.batch_timeout_seconds");
    paths(withEnrichment(new EnrichmentConfig(null, null, 0)))
        .containsExactly("enrichment.min_batch_size");
    paths(withEnrichment(new EnrichmentConfig(10, null, 11)))
        .containsExactly("enrichment.min_batch_size");
    assertThat(validator.validate(withEnrichment(new EnrichmentConfig(10_000, 0, 10_000))))
        .isEmpty();
    assertThat(validator.validate(withEnrichment(new EnrichmentConfig(1, 60, 1)))).isEmpty();
  }

  // --- schema

  @Test
  void rejectsBlankMeasurementsInsteadOfTreatingThemAsUnset() {
    SchemaConfig schema =
        new SchemaConfig(null, " ", "", null, null, null, null, null, null, null, null);

    paths(withSchema(schema))
        .containsExactly("schema.default_measurement", "schema.override_measurement");
  }

  @Test
  void rejectsMeasurementsWithLineBreaks() {
    SchemaConfig schema =
        new SchemaConfig(null, "a\nb", null, null, null, null, null, null, null, null, null);

    assertThat(validator.validate(withSchema(schema)))
        .containsExactly(
            new ConfigViolation(
                "schema.default_measurement", "must not contain control characters"));
  }

  @Test
  void tagKeysAndValuesMustBeNonEmptyAndNotReserved() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("instance", "home");
    tags.put("", "x");
    tags.put("room", "");
    tags.put("time", "now");
    tags.put("_measurement", "m");
    tags.put("site", null);
    SchemaConfig schema =
        new SchemaConfig(null, null, null, tags, null, null, null, null, null, null, null);

    paths(withSchema(schema))
        .containsExactly(
            "schema.tags[\"\"]",
            "schema.tags.room",
            "schema.tags.time",
            "schema.tags._measurement",
            "schema.tags.site");
  }

  @Test
  void boundsTheNumberOfTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i <= RuntimeConfigValidator.MAX_TAGS; i++) {
      tags.put("t" + i, "v");
    }
    SchemaConfig schema =
        new SchemaConfig(null, null, null, tags, null, null, null, null, null, null, null);

    assertThat(validator.validate(withSchema(schema)))
        .containsExactly(new ConfigViolation("schema.tags", "at most 100 tags"));
  }

  @Test
  void checksAttributeListsOfTheSchema() {
    SchemaConfig schema =
        new SchemaConfig(
            null, null, null, null, List.of(""), List.of("ok", " "), null, null, null, null, null);

    paths(withSchema(schema))
        .containsExactly("schema.tags_attributes[0]", "schema.ignore_attributes[1]");
  }

  @Test
  void checksComponentConfigKeysAndValues() {
    Map<String, ComponentConfig> byEntity = new LinkedHashMap<>();
    byEntity.put("sensor.ok", new ComponentConfig("m", List.of("a")));
    byEntity.put("sensor", new ComponentConfig("m", null));
    byEntity.put("sensor.blank", new ComponentConfig(" ", List.of("")));
    Map<String, ComponentConfig> byDomain = new LinkedHashMap<>();
    byDomain.put("climate", ComponentConfig.NONE);
    byDomain.put("Climate", ComponentConfig.NONE);
    byDomain.put("light", null);
    Map<String, ComponentConfig> byGlob = new LinkedHashMap<>();
    byGlob.put("sensor.*_power", new ComponentConfig("power", null));
    byGlob.put("Sensor.*", ComponentConfig.NONE);
    SchemaConfig schema =
        new SchemaConfig(
            null, null, null, null, null, null, null, null, byEntity, byDomain, byGlob);

    paths(withSchema(schema))
        .containsExactly(
            "schema.component_config.sensor",
            "schema.component_config[\"sensor.blank\"].override_measurement",
            "schema.component_config[\"sensor.blank\"].ignore_attributes[0]",
            "schema.component_config_domain[\"Climate\"]",
            "schema.component_config_domain.light",
            "schema.component_config_glob[\"Sensor.*\"]");
  }

  @Test
  void boundsMapSizes() {
    Map<String, ComponentConfig> byDomain = new LinkedHashMap<>();
    for (int i = 0; i <= RuntimeConfigValidator.MAX_ITEMS; i++) {
      byDomain.put("d" + i, ComponentConfig.NONE);
    }
    SchemaConfig schema =
        new SchemaConfig(null, null, null, null, null, null, null, null, null, byDomain, null);

    assertThat(validator.validate(withSchema(schema)))
        .containsExactly(
            new ConfigViolation("schema.component_config_domain", "at most 1000 entries"));
  }

  // --- weather

  @Test
  void haEntityProviderNeedsAWeatherEntity() {
    paths(withWeather(weather(WeatherProvider.HA_ENTITY, null, null, null)))
        .containsExactly("weather.entity_id");
    paths(withWeather(weather(WeatherProvider.HA_ENTITY, "sensor.outside", null, null)))
        .containsExactly("weather.entity_id");
    paths(withWeather(weather(WeatherProvider.HA_ENTITY, "weather", null, null)))
        .containsExactly("weather.entity_id");
    assertThat(
            validator.validate(
                withWeather(weather(WeatherProvider.HA_ENTITY, "weather.home", null, null))))
        .isEmpty();
  }

  @Test
  void latitudeAndLongitudeAreInRangeAndGoTogether() {
    paths(withWeather(weather(WeatherProvider.OPEN_METEO, null, 90.5, 0.0)))
        .containsExactly("weather.latitude");
    paths(withWeather(weather(WeatherProvider.OPEN_METEO, null, 0.0, -180.5)))
        .containsExactly("weather.longitude");
    paths(withWeather(weather(WeatherProvider.OPEN_METEO, null, Double.NaN, 0.0)))
        .containsExactly("weather.latitude");
    paths(withWeather(weather(WeatherProvider.OPEN_METEO, null, 52.5, null)))
        .containsExactly("weather.longitude");
    paths(withWeather(weather(WeatherProvider.OPENWEATHERMAP, null, null, 13.4)))
        .containsExactly("weather.latitude");
    assertThat(
            validator.validate(
                withWeather(weather(WeatherProvider.OPEN_METEO, null, -90.0, 180.0))))
        .isEmpty();
  }

  @Test
  void refreshIntervalIsBetweenOneMinuteAndOneDay() {
    paths(
            withWeather(
                new WeatherConfig(true, null, null, null, null, Duration.ofSeconds(59), null)))
        .containsExactly("weather.refresh_interval");
    paths(withWeather(new WeatherConfig(true, null, null, null, null, Duration.ofHours(25), null)))
        .containsExactly("weather.refresh_interval");
    assertThat(
            validator.validate(
                withWeather(
                    new WeatherConfig(true, null, null, null, null, Duration.ofMinutes(1), null))))
        .isEmpty();
  }

  @Test
  void contextDeviceClassesAreLowerCaseNames() {
    WeatherConfig weather =
        new WeatherConfig(
            true,
            null,
            null,
            null,
            null,
            null,
            new ArrayList<>(List.of("temperature", "Temp", "")));

    paths(withWeather(weather))
        .containsExactly("weather.context_device_classes[1]", "weather.context_device_classes[2]");
  }

  @Test
  void reportsEveryViolationAtOnce() {
    RuntimeConfig config =
        new RuntimeConfig(
            -1,
            null,
            null,
            null,
            null,
            new IngestionConfig(-5, null, null),
            new EnrichmentConfig(0, 99, null),
            null,
            weather(WeatherProvider.HA_ENTITY, null, 100.0, 0.0));

    paths(config)
        .containsExactly(
            "version",
            "ingestion.max_processing_rate",
            "enrichment.batch_size",
            "enrichment.batch_timeout_seconds",
            "weather.entity_id",
            "weather.latitude");
  }

  private static WeatherConfig weather(
      WeatherProvider provider, String entityId, Double latitude, Double longitude) {
    return new WeatherConfig(true, provider, entityId, latitude, longitude, null, null);
  }

  private ListAssert<String> paths(RuntimeConfig config) {
    return assertThat(validator.validate(config).stream().map(ConfigViolation::path).toList());
  }
}
