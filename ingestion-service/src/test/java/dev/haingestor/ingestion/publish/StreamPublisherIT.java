package dev.haingestor.ingestion.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.buffer.BackfillQueue;
import dev.haingestor.ingestion.buffer.BufferProperties;
import dev.haingestor.ingestion.buffer.EncodedEvent;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.stats.StageStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The publisher alone against the real Redis: trimming and draining on shutdown. */
class StreamPublisherIT {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

  private static LettuceConnectionFactory factory;
  private static ReactiveStringRedisTemplate redis;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EventCodec codec = new EventCodec(JsonMapper.builder().build());
  private final RedisKeys keys = new RedisKeys("it-pub-" + UUID.randomUUID() + ":");
  private final EventBuffer buffer = new EventBuffer(new BufferProperties(10_000), registry);
  private StreamAppender appender;

  @BeforeAll
  static void connect() {
    factory = TestRedisConnections.started();
    redis = new ReactiveStringRedisTemplate(factory);
  }

  @AfterAll
  static void disconnect() {
    factory.destroy();
  }

  @BeforeEach
  void openAppender() {
    appender = new StreamAppender(factory);
  }

  @AfterEach
  void closeAppender() {
    appender.close();
  }

  @Test
  void trimsTheStreamApproximatelyToItsMaximumLength() {
    StreamPublisher publisher = publisher(100);
    publisher.start();
    try {
      offer(1_000);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  registry.find(MetricNames.INGESTION_EVENTS_PUBLISHED).counters().stream()
                          .mapToDouble(c -> c.count())
                          .sum()
                      >= 1_000);
      // MAXLEN ~ trims whole radix-tree nodes (100 entries each by default), never below 100.
      assertThat(redis.opsForStream().size(keys.events()).block(REDIS_TIMEOUT))
          .isBetween(100L, 300L);
      assertThat(newestTimeFired()).isEqualTo(T0.plusMillis(999));
    } finally {
      publisher.stop();
    }
  }

  @Test
  void publishesWhatIsBufferedBeforeStopping() {
    StreamPublisher publisher = publisher(1_000_000);
    publisher.start();
    offer(3_000);

    publisher.stop();

    assertThat(buffer.depth()).isZero();
    List<MapRecord<String, Object, Object>> entries =
        redis
            .opsForStream()
            .range(keys.events(), Range.unbounded())
            .collectList()
            .block(REDIS_TIMEOUT);
    assertThat(entries).hasSize(3_000);
    assertThat(codec.decode(fields(entries.get(2_999))).timeFired())
        .isEqualTo(T0.plusMillis(2_999));
  }

  private StreamPublisher publisher(long maxLength) {
    return new StreamPublisher(
        buffer,
        new BackfillQueue(buffer, registry),
        appender,
        keys,
        codec,
        new PublishProperties(
            maxLength,
            500,
            Duration.ofMillis(50),
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10)),
        () -> 0,
        List.of(),
        new StageStats(redis, keys, Clock.systemUTC()),
        registry,
        Clock.systemUTC());
  }

  private void offer(int count) {
    for (int i = 0; i < count; i++) {
      Instant at = T0.plusMillis(i);
      HaState state = new HaState("sensor.p", Integer.toString(i), Map.of(), null, at);
      StateChangedEvent event = new StateChangedEvent("sensor.p", at, state, EventSource.LIVE, at);
      assertThat(buffer.offer(EncodedEvent.of(event, codec))).isTrue();
    }
  }

  private Instant newestTimeFired() {
    MapRecord<String, Object, Object> newest =
        redis
            .opsForStream()
            .reverseRange(keys.events(), Range.unbounded(), Limit.limit().count(1))
            .blockFirst(REDIS_TIMEOUT);
    return codec.decode(fields(newest)).timeFired();
  }

  private static Map<String, String> fields(MapRecord<String, Object, Object> record) {
    Map<String, String> fields = new LinkedHashMap<>();
    record.getValue().forEach((key, value) -> fields.put((String) key, (String) value));
    return fields;
  }
}
