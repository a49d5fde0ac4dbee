package dev.haingestor.enrichment;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RealServersTest;
import dev.haingestor.testsupport.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real Redis and InfluxDB (from test-support) and a way to run the service as its jar would run,
 * configured by properties, so that a test can prepare Redis before the service starts and start it
 * twice against the same stream.
 */
@RealServersTest
public abstract class EnrichmentIntegrationTestBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  protected static final EventCodec CODEC = new EventCodec(JSON);

  protected static RedisServer redisServer;
  protected static InfluxServer influx;
  protected static InfluxQl influxQl;
  protected static StringRedisTemplate redis;
  private static LettuceConnectionFactory redisConnections;

  @BeforeAll
  static void connectToRealServers() {
    redisServer = RealServers.redis();
    influx = RealServers.influx();
    influxQl = influx.influxQl();
    RedisStandaloneConfiguration config =
        new RedisStandaloneConfiguration(redisServer.host(), redisServer.port());
    if (redisServer.password() != null) {
      config.setPassword(redisServer.password());
    }
    redisConnections = new LettuceConnectionFactory(config);
    redisConnections.afterPropertiesSet();
    redisConnections.start();
    redis = new StringRedisTemplate(redisConnections);
  }

  @AfterAll
  static void closeRedisConnections() {
    redisConnections.destroy();
  }

  /** A key prefix no other test uses, so that streams and groups never mix. */
  protected static RedisKeys uniqueKeys(String testName) {
    return new RedisKeys(
        "it-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8) + ":");
  }

  /**
   * Starts the service with real Redis, the given keys and consumer name, short back-offs, and the
   * extra properties (e.g. the InfluxDB connection), on a random HTTP port.
   */
  protected static ConfigurableApplicationContext startService(
      RedisKeys keys, String consumerName, Map<String, String> properties) {
    Map<String, String> redisConnection = new LinkedHashMap<>();
    redisConnection.put("spring.data.redis.host", redisServer.host());
    redisConnection.put("spring.data.redis.port", Integer.toString(redisServer.port()));
    if (redisServer.password() != null) {
      redisConnection.put("spring.data.redis.password", redisServer.password());
    }
    redisConnection.putAll(properties);
    return startServiceOn(keys, consumerName, redisConnection);
  }

  /** As {@link #startService}, with the Redis connection in {@code properties}. */
  protected static ConfigurableApplicationContext startServiceOn(
      RedisKeys keys, String consumerName, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("server.port", "0");
    all.put("redis.key-prefix", keys.prefix());
    all.put("enrichment.consumer-name", consumerName);
    all.put("enrichment.consumer.block-timeout", "1s");
    all.put("enrichment.consumer.retry-initial-backoff", "50ms");
    all.put("enrichment.consumer.retry-max-backoff", "300ms");
    all.put("enrichment.consumer.breaker-open-duration", "1s");
    all.put("enrichment.runtime-config.poll-interval", "1s");
    all.putAll(properties);
    // Command-line arguments outrank application.yml, as environment variables do in production.
    List<String> args = new ArrayList<>();
    all.forEach((key, value) -> args.add("--" + key + "=" + value));
    return new SpringApplicationBuilder(EnrichmentApplication.class, IsolatedNettyResources.class)
        .run(args.toArray(String[]::new));
  }

  /**
   * Boot's default {@link ReactorResourceFactory} disposes reactor-netty's JVM-global event loops
   * when a context closes. The test JVM runs several services one after another next to
   * test-support's v2-to-v1 proxy, which serves on those global loops; closing the first service
   * would kill the proxy. Each service here gets loops of its own instead.
   */
  @Configuration(proxyBeanMethods = false)
  static class IsolatedNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory factory = new ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      // Netty's default quiet period (2 s) would add to every context close of the suite.
      factory.setShutdownQuietPeriod(Duration.ZERO);
      factory.setShutdownTimeout(Duration.ofSeconds(2));
      return factory;
    }
  }

  /** The v2 API (influxdb-client-java) against the test InfluxDB's v2 endpoint. */
  protected static Map<String, String> v2Sink(String url, String bucket) {
    return Map.of(
        "influxdb.api-version",
        "2",
        "influxdb.url",
        url,
        "influxdb.token",
        influx.token(),
        "influxdb.org",
        influx.org(),
        "influxdb.bucket",
        bucket);
  }

  protected static RecordId add(RedisKeys keys, StateChangedEvent event) {
    return add(keys, CODEC.encode(event));
  }

  protected static RecordId add(RedisKeys keys, Map<String, String> fields) {
    MapRecord<String, String, String> record =
        StreamRecords.mapBacked(fields).withStreamKey(keys.events());
    return redis.opsForStream().add(record);
  }

  /** Adds the entries in one pipelined round trip (in order), as ingestion publishes batches. */
  protected static void addAll(RedisKeys keys, List<StateChangedEvent> events) {
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              for (StateChangedEvent event : events) {
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                CODEC
                    .encode(event)
                    .forEach(
                        (k, v) ->
                            fields.put(
                                k.getBytes(StandardCharsets.UTF_8),
                                v.getBytes(StandardCharsets.UTF_8)));
                connection
                    .streamCommands()
                    .xAdd(MapRecord.create(keys.events().getBytes(StandardCharsets.UTF_8), fields));
              }
              return null;
            });
  }

  /**
   * {@code count} numeric events over {@code entities} sensors of one unit, each with its own
   * microsecond timestamp from {@code start} on (1 ms apart), so that every event is a point of its
   * own: {@code sensor.<prefix>_<i % entities>}, state {@code i}.
   */
  protected static List<StateChangedEvent> numericEvents(
      String prefix, int count, int entities, String unit, Instant start) {
    List<StateChangedEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(
          event(
              "sensor." + prefix + "_" + (i % entities),
              Integer.toString(i),
              start.plusMillis(i),
              Map.of("unit_of_measurement", unit)));
    }
    return events;
  }

  /** Points per {@code entity_id} tag in a measurement: each (series, time) counts once. */
  protected static Map<String, Long> countByEntity(String database, String measurement) {
    Map<String, Long> counts = new TreeMap<>();
    for (InfluxQl.Series series :
        influxQl.query(
            database, "SELECT COUNT(value) FROM \"" + measurement + "\" GROUP BY entity_id")) {
      Object count = series.values().get(0).get(1);
      counts.put(series.tags().get("entity_id"), ((Number) count).longValue());
    }
    return counts;
  }

  protected static long totalPoints(String database, String measurement) {
    return countByEntity(database, measurement).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The dead-letter stream's entries, field → value. */
  protected static List<Map<String, String>> deadLetters(RedisKeys keys) {
    List<Map<String, String>> all = new ArrayList<>();
    for (MapRecord<String, Object, Object> record :
        redis.opsForStream().range(keys.deadLetters(), Range.unbounded())) {
      Map<String, String> fields = new LinkedHashMap<>();
      record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
      all.add(fields);
    }
    return all;
  }

  protected static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
    Map<String, String> all = new LinkedHashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      all.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return all;
  }

  protected static long pendingCount(RedisKeys keys) {
    return redis
        .opsForStream()
        .pending(keys.events(), RedisKeys.ENRICHMENT_GROUP)
        .getTotalPendingMessages();
  }

  /** A live state_changed event whose time_fired equals last_updated, as HA sends it. */
  protected static StateChangedEvent event(
      String entityId, String state, Instant lastUpdated, Map<String, Object> attributes) {
    HaState haState = new HaState(entityId, state, attributes, lastUpdated, lastUpdated);
    return new StateChangedEvent(entityId, lastUpdated, haState, EventSource.LIVE, Instant.now());
  }

  /** Distinct, recent, microsecond timestamps, as HA produces them. */
  protected static Instant recentMicros(int offsetSeconds) {
    return Instant.now()
        .truncatedTo(ChronoUnit.SECONDS)
        .minusSeconds(600 - offsetSeconds)
        .plus(123_456, ChronoUnit.MICROS);
  }
}
