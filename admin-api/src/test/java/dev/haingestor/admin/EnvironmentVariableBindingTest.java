package dev.haingestor.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.health.HealthProperties;
import dev.haingestor.admin.influx.InfluxProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The environment variable names documented in docs/configuration.md bind to the properties
 * records.
 */
class EnvironmentVariableBindingTest {

  /** Binds as Spring Boot binds the process environment (relaxed env-var names). */
  private static Binder environment(Map<String, Object> variables) {
    return new Binder(
        ConfigurationPropertySources.from(
            new SystemEnvironmentPropertySource(
                "test-" + "systemEnvironment", Map.copyOf(variables))));
  }

  @Test
  void bindsEveryInfluxDbVariable() {
    Map<String, Object> env =
        Map.ofEntries(
            Map.entry("INFLUXDB_URL", "http://influxdb:8086/"),
            Map.entry("INFLUXDB_API_VERSION", "1"),
            Map.entry("INFLUXDB_TOKEN", "t0ken"),
            Map.entry("INFLUXDB_ORG", "home"),
            Map.entry("INFLUXDB_BUCKET", "ha_bucket"),
            Map.entry("INFLUXDB_DATABASE", "ha_db"),
            Map.entry("INFLUXDB_USERNAME", "reader"),
            Map.entry("INFLUXDB_PASSWORD", "s3cret"),
            Map.entry("INFLUXDB_RETENTION_POLICY", "autogen"),
            Map.entry("INFLUXDB_CONNECT_TIMEOUT", "1s"),
            Map.entry("INFLUXDB_QUERY_TIMEOUT", "5s"),
            Map.entry("INFLUXDB_MAX_RESPONSE_SIZE", "8MB"));

    InfluxProperties influx = environment(env).bindOrCreate("influxdb", InfluxProperties.class);

    assertThat(influx.baseUrl()).isEqualTo("http://influxdb:8086");
    assertThat(influx.apiVersion()).isEqualTo(1);
    assertThat(influx.token()).isEqualTo("t0ken");
    assertThat(influx.org()).isEqualTo("home");
    assertThat(influx.bucket()).isEqualTo("ha_bucket");
    assertThat(influx.queryDatabase()).isEqualTo("ha_db");
    assertThat(influx.username()).isEqualTo("reader");
    assertThat(influx.password()).isEqualTo("s3cret");
    assertThat(influx.retentionPolicy()).isEqualTo("autogen");
    assertThat(influx.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(influx.queryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(influx.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(8));
    assertThat(influx.toString()).doesNotContain("t0ken", "s3cret");
  }

  @Test
  void defaultsToInfluxDb2AndTheBucket() {
    InfluxProperties influx =
        environment(Map.of()).bindOrCreate("influxdb", InfluxProperties.class);

    assertThat(influx.url()).isEqualTo("http://localhost:8086");
    assertThat(influx.apiVersion()).isEqualTo(2);
    assertThat(influx.queryDatabase()).isEqualTo("home_assistant");
    assertThat(influx.hasRetentionPolicy()).isFalse();
    assertThat(influx.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void bindsHealthVariables() {
    HealthProperties health =
        environment(
                Map.of(
                    "ADMIN_HEALTH_CHECK_TIMEOUT", "500ms",
                    "ADMIN_HEALTH_PENDING_THRESHOLD", "5",
                    "ADMIN_HEALTH_LAG_THRESHOLD", "6",
                    "ADMIN_HEALTH_STALE_AFTER", "30s"))
            .bindOrCreate("admin.health", HealthProperties.class);

    assertThat(health)
        .isEqualTo(new HealthProperties(Duration.ofMillis(500), 5, 6, Duration.ofSeconds(30)));
  }

  @Test
  void healthDefaults() {
    assertThat(environment(Map.of()).bindOrCreate("admin.health", HealthProperties.class))
        .isEqualTo(
            new HealthProperties(Duration.ofSeconds(2), 1000, 10000, Duration.ofSeconds(15)));
  }
}
