package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.haingestor.common.config.MeasurementAttr;
import dev.haingestor.common.config.Precision;
import dev.haingestor.common.config.SchemaConfig;
import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.enrichment.consume.ConsumerProperties;
import dev.haingestor.enrichment.point.HaSchemaProperties;
import dev.haingestor.enrichment.point.TimestampPrecision;
import dev.haingestor.enrichment.runtime.RuntimeConfigProperties;
import dev.haingestor.enrichment.sink.InfluxProperties;
import dev.haingestor.enrichment.weather.WeatherProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The documented environment variables reach the configuration records, through relaxed binding or
 * through the mappings in {@code application.yml}, exactly as when the jar runs.
 */
class EnvironmentVariableBindingTest {

  @Test
  void defaultsMatchHomeAssistantAndTheDocumentation() {
    Binder binder = binder(Map.of());

    HaSchemaProperties schema = binder.bindOrCreate("influxdb", HaSchemaProperties.class);
    InfluxProperties influx = binder.bindOrCreate("influxdb", InfluxProperties.class);

    assertThat(schema.measurementAttr()).isEqualTo(MeasurementAttr.UNIT_OF_MEASUREMENT);
    assertThat(schema.keepUnavailable()).isFalse();
    assertThat(schema.tags()).isEmpty();
    assertThat(influx.apiVersion()).isEqualTo(2);
    assertThat(influx.precision()).isEqualTo(TimestampPrecision.NS);
    assertThat(influx.database()).isEqualTo("home_assistant");
    assertThat(influx.gzip()).isFalse();
    assertThat(consumer(binder).batchSize()).isEqualTo(5000);
    assertThat(consumer(binder).batchTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(consumer(binder).minBatchSize()).isEqualTo(1);
    assertThat(consumer(binder).maxDeliveries()).isEqualTo(10);
    assertThat(consumer(binder).claimMinIdle()).isEqualTo(Duration.ofSeconds(60));
    assertThat(binder.bindOrCreate("redis", RedisKeyProperties.class).keyPrefix())
        .isEqualTo("ha-ingestor:");
  }

  @Test
  void everyDocumentedVariableBinds() {
    Binder binder =
        binder(
            Map.ofEntries(
                entry("INFLUXDB_API_VERSION", "1"),
                entry("INFLUXDB_URL", "http://influx:8086/"),
                entry("INFLUXDB_TOKEN", "t0ken"),
                entry("INFLUXDB_ORG", "home"),
                entry("INFLUXDB_BUCKET", "ha"),
                entry("INFLUXDB_DATABASE", "hass"),
                entry("INFLUXDB_RETENTION_POLICY", "autogen"),
                entry("INFLUXDB_USERNAME", "user"),
                entry("INFLUXDB_PASSWORD", "secret"),
                entry("INFLUXDB_PRECISION", "us"),
                entry("INFLUXDB_TIMEOUT", "5s"),
                entry("INFLUXDB_GZIP", "true"),
                entry("INFLUXDB_MEASUREMENT_ATTR", "domain__device_class"),
                entry("INFLUXDB_DEFAULT_MEASUREMENT", "state"),
                entry("INFLUXDB_OVERRIDE_MEASUREMENT", "ha"),
                entry("INFLUXDB_TAGS", "site=home,source=ha-ingestor"),
                entry("INFLUXDB_TAGS_ATTRIBUTES", "friendly_name,area"),
                entry("INFLUXDB_IGNORE_ATTRIBUTES", "icon"),
                entry("INFLUXDB_KEEP_UNAVAILABLE", "true"),
                entry("EVENT_BATCH_SIZE", "250"),
                entry("BATCH_TIMEOUT_SECONDS", "3"),
                entry("ENRICHMENT_CONSUMER_WRITE_ATTEMPTS", "7"),
                entry("ENRICHMENT_CONSUMER_RETRY_INITIAL_BACKOFF", "250ms"),
                entry("ENRICHMENT_CONSUMER_RETRY_MAX_BACKOFF", "1m"),
                entry("ENRICHMENT_CONSUMER_NAME", "enrichment-1"),
                entry("REDIS_KEY_PREFIX", "test:"),
                entry("REDIS_HOST", "redis.local"),
                entry("REDIS_PORT", "6380"),
                entry("ENRICHMENT_CONSUMER_MIN_BATCH_SIZE", "50"),
                entry("ENRICHMENT_CONSUMER_BLOCK_TIMEOUT", "2s"),
                entry("ENRICHMENT_CONSUMER_CLAIM_MIN_IDLE", "2m"),
                entry("ENRICHMENT_CONSUMER_CLAIM_INTERVAL", "45s"),
                entry("ENRICHMENT_CONSUMER_MAX_DELIVERIES", "4"),
                entry("ENRICHMENT_CONSUMER_BREAKER_OPEN_DURATION", "20s"),
                entry("ENRICHMENT_CONSUMER_MONITOR_INTERVAL", "5s"),
                entry("ENRICHMENT_CONSUMER_LAG_HEALTH_THRESHOLD", "500"),
                entry("ENRICHMENT_RUNTIME_CONFIG_ENABLED", "false"),
                entry("ENRICHMENT_RUNTIME_CONFIG_POLL_INTERVAL", "3s"),
                entry("INFLUXDB_INCLUDE_DOMAINS", "sensor,light"),
                entry("INFLUXDB_INCLUDE_ENTITY_GLOBS", "switch.*_plug"),
                entry("INFLUXDB_EXCLUDE_ENTITIES", "sensor.uptime"),
                entry(
                    "INFLUXDB_COMPONENT_CONFIG",
                    "{\"sensor.outdoor\": {\"override_measurement\": \"outdoor\"}}"),
                entry(
                    "INFLUXDB_COMPONENT_CONFIG_GLOB",
                    "{\"sensor.*_power\": {\"ignore_attributes\": [\"icon\"]}}"),
                entry("INFLUXDB_NORMALIZE_UNITS", "true"),
                entry("WEATHER_ENABLED", "true"),
                entry("WEATHER_PROVIDER", "openweathermap"),
                entry("WEATHER_ENTITY_ID", "weather.home"),
                entry("WEATHER_LATITUDE", "52.37"),
                entry("WEATHER_LONGITUDE", "4.89"),
                entry("WEATHER_REFRESH_INTERVAL", "10m"),
                entry("WEATHER_CONTEXT_DEVICE_CLASSES", "temperature,humidity"),
                entry("WEATHER_API_KEY", "owm-key"),
                entry("WEATHER_MAX_AGE", "2h"),
                entry("WEATHER_TIMEOUT", "3s"),
                entry("WEATHER_ATTEMPTS", "2"),
                entry("WEATHER_BREAKER_OPEN_DURATION", "30s"),
                entry("WEATHER_CHECK_INTERVAL", "10s"),
                entry("WEATHER_OPEN_METEO_URL", "http://meteo.local"),
                entry("WEATHER_OPENWEATHERMAP_URL", "http://owm.local")));

    InfluxProperties influx = binder.bindOrCreate("influxdb", InfluxProperties.class);
    HaSchemaProperties schema = binder.bindOrCreate("influxdb", HaSchemaProperties.class);

    assertThat(influx.apiVersion()).isEqualTo(1);
    assertThat(influx.url()).isEqualTo("http://influx:8086");
    assertThat(influx.token()).isEqualTo("t0ken");
    assertThat(influx.org()).isEqualTo("home");
    assertThat(influx.bucket()).isEqualTo("ha");
    assertThat(influx.database()).isEqualTo("hass");
    assertThat(influx.retentionPolicy()).isEqualTo("autogen");
    assertThat(influx.username()).isEqualTo("user");
    assertThat(influx.password()).isEqualTo("secret");
    assertThat(influx.precision()).isEqualTo(TimestampPrecision.US);
    assertThat(influx.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(influx.gzip()).isTrue();
    assertThat(schema.measurementAttr()).isEqualTo(MeasurementAttr.DOMAIN_DEVICE_CLASS);
    assertThat(schema.defaultMeasurement()).isEqualTo("state");
    assertThat(schema.overrideMeasurement()).isEqualTo("ha");
    assertThat(schema.staticTags())
        .containsExactly(entry("site", "home"), entry("source", "ha-ingestor"));
    assertThat(schema.tagsAttributes()).containsExactly("friendly_name", "area");
    assertThat(schema.ignoreAttributes()).containsExactly("icon");
    assertThat(schema.keepUnavailable()).isTrue();
    assertThat(consumer(binder).batchSize()).isEqualTo(250);
    assertThat(consumer(binder).batchTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(consumer(binder).writeAttempts()).isEqualTo(7);
    assertThat(consumer(binder).retryInitialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(consumer(binder).retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(binder.bindOrCreate("enrichment", InstanceProperties.class).consumerName())
        .isEqualTo("enrichment-1");
    assertThat(binder.bindOrCreate("redis", RedisKeyProperties.class).keyPrefix())
        .isEqualTo("test:");
    ConsumerProperties consumer = consumer(binder);
    assertThat(consumer.minBatchSize()).isEqualTo(50);
    assertThat(consumer.blockTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(consumer.claimMinIdle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(consumer.claimInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(consumer.maxDeliveries()).isEqualTo(4);
    assertThat(consumer.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(consumer.monitorInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(consumer.lagHealthThreshold()).isEqualTo(500);
    RuntimeConfigProperties runtime =
        binder.bindOrCreate("enrichment.runtime-config", RuntimeConfigProperties.class);
    assertThat(runtime.enabled()).isFalse();
    assertThat(runtime.pollInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(schema.include().domains()).containsExactly("sensor", "light");
    assertThat(schema.include().entityGlobs()).containsExactly("switch.*_plug");
    assertThat(schema.exclude().entities()).containsExactly("sensor.uptime");
    assertThat(schema.normalizeUnits()).isTrue();
    SchemaConfig schemaConfig = schema.toSchemaConfig(TimestampPrecision.US);
    assertThat(schemaConfig.componentConfig().get("sensor.outdoor").overrideMeasurement())
        .isEqualTo("outdoor");
    assertThat(schemaConfig.componentConfigGlob().get("sensor.*_power").ignoreAttributes())
        .containsExactly("icon");
    assertThat(schemaConfig.precision()).isEqualTo(Precision.US);
    WeatherProperties weather = binder.bindOrCreate("weather", WeatherProperties.class);
    assertThat(weather.enabled()).isTrue();
    assertThat(weather.provider()).isEqualTo(WeatherProvider.OPENWEATHERMAP);
    assertThat(weather.entityId()).isEqualTo("weather.home");
    assertThat(weather.latitude()).isEqualTo(52.37);
    assertThat(weather.longitude()).isEqualTo(4.89);
    assertThat(weather.refreshInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(weather.contextDeviceClasses()).containsExactly("temperature", "humidity");
    assertThat(weather.apiKey()).isEqualTo("owm-key");
    assertThat(weather.maxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(weather.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(weather.attempts()).isEqualTo(2);
    assertThat(weather.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(weather.checkInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(weather.openMeteoUrl()).isEqualTo("http://meteo.local");
    assertThat(weather.openweathermapUrl()).isEqualTo("http://owm.local");
    assertThat(weather.toString()).doesNotContain("owm-key");
    assertThat(binder.bind("spring.data.redis.host", String.class).get()).isEqualTo("redis.local");
    assertThat(binder.bind("spring.data.redis.port", Integer.class).get()).isEqualTo(6380);
  }

  @Test
  void anInvalidComponentConfigNamesItsVariable() {
    HaSchemaProperties schema =
        binder(Map.of("INFLUXDB_COMPONENT_CONFIG_GLOB", "{\"sensor.[z-a]\": {}}"))
            .bindOrCreate("influxdb", HaSchemaProperties.class);

    assertThatThrownBy(() -> schema.toSchemaConfig(TimestampPrecision.NS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("INFLUXDB_");
  }

  @Test
  void secretsAreMaskedInToString() {
    Binder binder =
        binder(Map.of("INFLUXDB_TOKEN", "t0ken-value", "INFLUXDB_PASSWORD", "pass-value"));

    String text = binder.bindOrCreate("influxdb", InfluxProperties.class).toString();

    assertThat(text).doesNotContain("t0ken-value").doesNotContain("pass-value").contains("******");
  }

  private static ConsumerProperties consumer(Binder binder) {
    return binder.bindOrCreate("enrichment.consumer", ConsumerProperties.class);
  }

  private static Binder binder(Map<String, Object> environmentVariables) {
    StandardEnvironment environment = new StandardEnvironment();
    MutablePropertySources sources = environment.getPropertySources();
    sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    sources.addFirst(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
    try {
      for (PropertySource<?> yaml :
          new YamlPropertySourceLoader()
              .load("application.yml", new ClassPathResource("application.yml"))) {
        sources.addLast(yaml);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Binder.get(environment);
  }
}
