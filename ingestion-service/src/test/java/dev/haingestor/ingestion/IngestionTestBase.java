package dev.haingestor.ingestion;

import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.ingestion.ha.ConnectionStateMachine;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.RealServerProperties;
import dev.haingestor.testsupport.RealServersExtension;
import dev.haingestor.testsupport.redis.RestartableRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole service against a real Redis (test-support) and the HA simulator. Each test class
 * starts its own simulator, registers it with {@link #connectTo}, and gets its own key prefix and
 * application context, so classes never see each other's entries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(RealServersExtension.class)
@DirtiesContext
public abstract class IngestionTestBase {

  protected static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(30);

  @Autowired protected ReactiveStringRedisTemplate redis;
  @Autowired protected RedisKeys keys;
  @Autowired protected EventCodec codec;
  @Autowired protected ConnectionStateMachine connection;
  @Autowired protected MeterRegistry meters;
  @Autowired protected WebTestClient web;

  /**
   * Points the service at the simulator (by its {@code http://} address, as users configure it)
   * with fast reconnects, and at the real Redis under a fresh key prefix.
   */
  protected static void connectTo(DynamicPropertyRegistry registry, HaSimulator ha, String token) {
    RealServerProperties.redis(registry);
    connectToSimulator(registry, ha, token);
  }

  /** As {@link #connectTo}, with a Redis of the test's own instead of the shared one. */
  protected static void connectTo(
      DynamicPropertyRegistry registry, HaSimulator ha, String token, RestartableRedis redis) {
    registry.add("spring.data.redis.host", redis::host);
    registry.add("spring.data.redis.port", redis::port);
    connectToSimulator(registry, ha, token);
  }

  /** As {@link #connectTo}, under a key prefix the test chose (e.g. to prepare keys first). */
  protected static void connectTo(
      DynamicPropertyRegistry registry, HaSimulator ha, String token, String prefix) {
    RealServerProperties.redis(registry);
    connectToSimulator(registry, ha, token, prefix);
  }

  /** A fresh key prefix for one test class. */
  protected static String newPrefix() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  private static void connectToSimulator(
      DynamicPropertyRegistry registry, HaSimulator ha, String token) {
    connectToSimulator(registry, ha, token, newPrefix());
  }

  private static void connectToSimulator(
      DynamicPropertyRegistry registry, HaSimulator ha, String token, String prefix) {
    registry.add("redis.key-prefix", () -> prefix);
    registry.add("ha.url", () -> "http://127.0.0.1:" + ha.port());
    registry.add("ha.token", () -> token);
    registry.add("ha.reconnect-min-delay", () -> "100ms");
    registry.add("ha.reconnect-max-delay", () -> "1s");
    registry.add("ha.connect-timeout", () -> "5s");
    registry.add("server.shutdown", () -> "immediate");
    // The simulator's recorder has no commit delay; keep the tail re-query short.
    registry.add("backfill.commit-interval", () -> "200ms");
    registry.add("backfill.first-event-wait", () -> "1s");
    registry.add("checkpoint.flush-interval", () -> "200ms");
    registry.add("backfill.recheck-interval", () -> "2s");
  }

  protected void awaitSubscribed(HaSimulator ha) {
    await()
        .atMost(WAIT)
        .until(
            () -> connection.state() == ConnectionState.SUBSCRIBED && ha.subscriptionCount() == 1);
  }

  /** The id of the newest entry, to read only what a test adds after it. */
  protected String lastId(String stream) {
    List<MapRecord<String, Object, Object>> newest =
        redis
            .opsForStream()
            .reverseRange(stream, Range.unbounded(), Limit.limit().count(1))
            .collectList()
            .block(REDIS_TIMEOUT);
    return newest == null || newest.isEmpty() ? "0-0" : newest.get(0).getId().getValue();
  }

  protected List<Map<String, String>> entriesAfter(String stream, String id) {
    List<MapRecord<String, Object, Object>> records =
        redis
            .opsForStream()
            .range(stream, Range.rightUnbounded(Range.Bound.inclusive(id)))
            .collectList()
            .block(REDIS_TIMEOUT);
    return records.stream()
        .filter(record -> !record.getId().getValue().equals(id))
        .map(IngestionTestBase::fields)
        .toList();
  }

  protected List<StateChangedEvent> eventsAfter(String id) {
    return entriesAfter(keys.events(), id).stream().map(codec::decode).toList();
  }

  protected Map<String, String> heartbeat() {
    Map<Object, Object> hash =
        redis
            .opsForHash()
            .entries(keys.serviceStatus(ServiceStatusContract.INGESTION_SERVICE))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .block(REDIS_TIMEOUT);
    Map<String, String> fields = new LinkedHashMap<>();
    hash.forEach((key, value) -> fields.put((String) key, (String) value));
    return fields;
  }

  /** Every event of the stream after {@code id} as (entity_id, time_fired) keys. */
  protected java.util.Set<String> keysAfter(String id) {
    return eventsAfter(id).stream()
        .map(event -> key(event.entityId(), event.timeFired()))
        .collect(java.util.stream.Collectors.toSet());
  }

  protected static String key(String entityId, java.time.Instant timeFired) {
    return entityId + "@" + timeFired;
  }

  protected double counter(String name) {
    return meters.get(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static Map<String, String> fields(MapRecord<String, Object, Object> record) {
    Map<String, String> fields = new LinkedHashMap<>();
    record.getValue().forEach((key, value) -> fields.put((String) key, (String) value));
    return fields;
  }
}
