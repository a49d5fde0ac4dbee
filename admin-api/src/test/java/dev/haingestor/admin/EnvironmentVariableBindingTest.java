package dev.haingestor.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.deadletters.DeadLettersProperties;
import dev.haingestor.admin.entities.EntitiesProperties;
import dev.haingestor.admin.health.HealthProperties;
import dev.haingestor.admin.history.HistoryProperties;
import dev.haingestor.admin.influx.InfluxProperties;
import dev.haingestor.admin.security.CorsProperties;
import dev.haingestor.admin.security.RateLimitProperties;
import dev.haingestor.admin.security.SecurityProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
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

  @Test
  void bindsCacheRateLimitHistoryEntitiesDeadLetterAndStreamVariables() {
    Binder env =
        environment(
            Map.ofEntries(
                Map.entry("ADMIN_CACHE_ENABLED", "false"),
                Map.entry("ADMIN_CACHE_HEALTH_TTL", "1s"),
                Map.entry("ADMIN_CACHE_STATS_TTL", "7s"),
                Map.entry("ADMIN_CACHE_HISTORY_TTL", "1m"),
                Map.entry("ADMIN_CACHE_LOCK_WAIT", "500ms"),
                Map.entry("ADMIN_CACHE_MAX_ENTRY_SIZE", "2MB"),
                Map.entry("ADMIN_RATE_LIMIT_REQUESTS_PER_SECOND", "20"),
                Map.entry("ADMIN_RATE_LIMIT_MAX_CLIENTS", "50"),
                Map.entry("ADMIN_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "3"),
                Map.entry("ADMIN_HISTORY_MAX_POINTS", "5000"),
                Map.entry("ADMIN_HISTORY_RAW_MAX_RANGE", "2h"),
                Map.entry("ADMIN_ENTITIES_MAX_INDEX_SIZE", "500"),
                Map.entry("ADMIN_DEAD_LETTERS_REPLAY_MAX", "10"),
                Map.entry("STREAM_MAX_LENGTH", "5000")));

    CacheProperties cache = env.bindOrCreate("admin.cache", CacheProperties.class);
    assertThat(cache.enabled()).isFalse();
    assertThat(cache.healthTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(cache.statsTtl()).isEqualTo(Duration.ofSeconds(7));
    assertThat(cache.historyTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(cache.lockWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(cache.maxEntrySize()).isEqualTo(DataSize.ofMegabytes(2));
    assertThat(env.bindOrCreate("admin.rate-limit", RateLimitProperties.class))
        .isEqualTo(new RateLimitProperties(20, 50, 3));
    HistoryProperties history = env.bindOrCreate("admin.history", HistoryProperties.class);
    assertThat(history.maxPoints()).isEqualTo(5000);
    assertThat(history.rawMaxRange()).isEqualTo(Duration.ofHours(2));
    assertThat(env.bindOrCreate("admin.entities", EntitiesProperties.class).maxIndexSize())
        .isEqualTo(500);
    assertThat(env.bindOrCreate("admin.dead-letters", DeadLettersProperties.class).replayMax())
        .isEqualTo(10);
    assertThat(env.bindOrCreate("stream", StreamRetentionProperties.class).maxLength())
        .isEqualTo(5000);
  }

  @Test
  void defaultsOfCacheAndBounds() {
    Binder env = environment(Map.of());

    CacheProperties cache = env.bindOrCreate("admin.cache", CacheProperties.class);
    assertThat(cache.enabled()).isTrue();
    assertThat(cache.healthTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cache.historyTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(env.bindOrCreate("admin.rate-limit", RateLimitProperties.class))
        .isEqualTo(new RateLimitProperties(100, 1000, 10));
    assertThat(env.bindOrCreate("stream", StreamRetentionProperties.class).maxLength())
        .isEqualTo(1_000_000);
    assertThat(env.bindOrCreate("admin.history", HistoryProperties.class).maxPoints())
        .isEqualTo(2000);
  }

  /**
   * The variables mapped in application.yml ({@code ADMIN_API_KEY}, {@code READ_API_KEY}, {@code
   * ADMIN_HEALTH_OPEN}, {@code CORS_ALLOWED_ORIGINS}), resolved as Spring Boot resolves them.
   */
  @Test
  void bindsTheVariablesMappedInApplicationYml() throws java.io.IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-env",
                Map.of(
                    "ADMIN_API_KEY", "admin-0123456789abcdef",
                    "READ_API_KEY", "read-0123456789abcdef",
                    "ADMIN_HEALTH_OPEN", "false",
                    "CORS_ALLOWED_ORIGINS", "http://a.local:3000, http://b.local")));
    for (var source :
        new YamlPropertySourceLoader()
            .load("application.yml", new ClassPathResource("application.yml"))) {
      environment.getPropertySources().addLast(source);
    }
    Binder binder = Binder.get(environment);

    SecurityProperties security = binder.bindOrCreate("admin.security", SecurityProperties.class);
    assertThat(security.adminKey()).isEqualTo("admin-0123456789abcdef");
    assertThat(security.readKey()).isEqualTo("read-0123456789abcdef");
    assertThat(security.healthOpen()).isFalse();
    assertThat(binder.bindOrCreate("admin.cors", CorsProperties.class).allowedOrigins())
        .containsExactly("http://a.local:3000", "http://b.local");
  }

  @Test
  void leavesKeysUnsetAndHealthOpenByDefault() throws java.io.IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    for (var source :
        new YamlPropertySourceLoader()
            .load("application.yml", new ClassPathResource("application.yml"))) {
      environment.getPropertySources().addLast(source);
    }
    Binder binder = Binder.get(environment);

    SecurityProperties security = binder.bindOrCreate("admin.security", SecurityProperties.class);
    assertThat(security.adminKey()).isNullOrEmpty();
    assertThat(security.readKey()).isNullOrEmpty();
    assertThat(security.healthOpen()).isTrue();
    assertThat(binder.bindOrCreate("admin.cors", CorsProperties.class).allowedOrigins()).isEmpty();
  }
}
