package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.haingestor.enrichment.consume.ConsumerProperties;
import dev.haingestor.enrichment.point.HaSchemaProperties;
import dev.haingestor.enrichment.point.MeasurementAttr;
import dev.haingestor.enrichment.point.TimestampPrecision;
import dev.haingestor.enrichment.sink.InfluxProperties;
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
    assertThat(influx.gzip()).isTrue();
    assertThat(consumer(binder).batchSize()).isEqualTo(1000);
    assertThat(consumer(binder).blockTimeout()).isEqualTo(Duration.ofSeconds(1));
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
                entry("INFLUXDB_GZIP", "false"),
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
                entry("REDIS_PORT", "6380")));

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
    assertThat(influx.gzip()).isFalse();
    assertThat(schema.measurementAttr()).isEqualTo(MeasurementAttr.DOMAIN__DEVICE_CLASS);
    assertThat(schema.defaultMeasurement()).isEqualTo("state");
    assertThat(schema.overrideMeasurement()).isEqualTo("ha");
    assertThat(schema.staticTags())
        .containsExactly(entry("site", "home"), entry("source", "ha-ingestor"));
    assertThat(schema.tagsAttributes()).containsExactly("friendly_name", "area");
    assertThat(schema.ignoreAttributes()).containsExactly("icon");
    assertThat(schema.keepUnavailable()).isTrue();
    assertThat(consumer(binder).batchSize()).isEqualTo(250);
    assertThat(consumer(binder).blockTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(consumer(binder).writeAttempts()).isEqualTo(7);
    assertThat(consumer(binder).retryInitialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(consumer(binder).retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(binder.bindOrCreate("enrichment", InstanceProperties.class).consumerName())
        .isEqualTo("enrichment-1");
    assertThat(binder.bindOrCreate("redis", RedisKeyProperties.class).keyPrefix())
        .isEqualTo("test:");
    assertThat(binder.bind("spring.data.redis.host", String.class).get()).isEqualTo("redis.local");
    assertThat(binder.bind("spring.data.redis.port", Integer.class).get()).isEqualTo(6380);
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
