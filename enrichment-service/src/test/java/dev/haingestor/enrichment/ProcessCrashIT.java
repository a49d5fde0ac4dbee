package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.proxy.Fault;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;

/**
 * The service process killed with SIGKILL while a batch is being written (the write is held up by a
 * slow InfluxDB, so the kill lands between the write and the acknowledgement). Started again under
 * the same name it re-reads its pending entries; a second instance takes them over by XAUTOCLAIM
 * instead. Either way: every event once, no extra points (counted by series and time), nothing
 * pending, nothing dead-lettered.
 */
class ProcessCrashIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SLOW_WRITE = Duration.ofSeconds(3);
  private static final int EVENTS = 300;
  private static final int ENTITIES = 10;

  @Test
  void killedMidBatchAndStartedAgainWritesEveryEventOnce() {
    RedisKeys keys = uniqueKeys("crash");
    String database = influx.createDatabase("enrichment_crash");
    addAll(keys, numericEvents("crash", EVENTS, ENTITIES, "kW", recentMicros(0)));

    try (FaultInjectingHttpProxy slowInflux = FaultInjectingHttpProxy.start(influx.v2Url())) {
      slowInflux.inject(Fault.delay(SLOW_WRITE));
      try (ServiceProcess first =
          ServiceProcess.start(
              "crash-1", environment(keys, "crash-a", slowInflux.url(), database))) {
        await().atMost(WAIT).until(() -> slowInflux.requestCount() >= 1);
        first.kill();
      }
      assertThat(pendingFor(keys, "crash-a")).isPositive();

      slowInflux.passThrough();
      try (ServiceProcess again =
          ServiceProcess.start(
              "crash-2", environment(keys, "crash-a", slowInflux.url(), database))) {
        await()
            .atMost(WAIT)
            .until(() -> pendingCount(keys) == 0 && totalPoints(database, "kW") == EVENTS);
      }
    }
    assertEveryEventOnce(keys, database, "kW");
  }

  @Test
  void aSecondInstanceTakesOverThePendingEntriesOfAKilledOne() {
    RedisKeys keys = uniqueKeys("takeover");
    String database = influx.createDatabase("enrichment_takeover");
    addAll(keys, numericEvents("takeover", EVENTS, ENTITIES, "MW", recentMicros(0)));

    try (FaultInjectingHttpProxy slowInflux = FaultInjectingHttpProxy.start(influx.v2Url())) {
      slowInflux.inject(Fault.delay(SLOW_WRITE));
      try (ServiceProcess doomed =
          ServiceProcess.start(
              "takeover", environment(keys, "doomed", slowInflux.url(), database))) {
        await().atMost(WAIT).until(() -> slowInflux.requestCount() >= 1);
        doomed.kill();
      }
      // Both lanes of the killed instance had a batch in flight.
      long left = pendingFor(keys, "doomed") + pendingFor(keys, "doomed#2");
      assertThat(left).isPositive();

      slowInflux.passThrough();
      try (ConfigurableApplicationContext heir =
          startService(
              keys,
              "heir",
              with(
                  v2Sink(slowInflux.url(), database),
                  "enrichment.consumer.claim-min-idle",
                  "1s",
                  "enrichment.consumer.claim-interval",
                  "500ms"))) {
        await()
            .atMost(WAIT)
            .until(() -> pendingCount(keys) == 0 && totalPoints(database, "MW") == EVENTS);
        assertThat(pendingFor(keys, "doomed") + pendingFor(keys, "doomed#2")).isZero();
        assertThat(
                heir.getBean(MeterRegistry.class)
                    .get(MetricNames.ENRICHMENT_EVENTS_CLAIMED)
                    .counter()
                    .count())
            .isEqualTo(left);
      }
    }
    assertEveryEventOnce(keys, database, "MW");
  }

  private static void assertEveryEventOnce(RedisKeys keys, String database, String measurement) {
    assertThat(countByEntity(database, measurement))
        .hasSize(ENTITIES)
        .allSatisfy((entity, count) -> assertThat(count).isEqualTo(EVENTS / ENTITIES));
    assertThat(deadLetters(keys)).isEmpty();
    assertThat(pendingCount(keys)).isZero();
  }

  private static Map<String, String> environment(
      RedisKeys keys, String consumerName, String influxUrl, String database) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REDIS_HOST", redisServer.host());
    env.put("REDIS_PORT", Integer.toString(redisServer.port()));
    if (redisServer.password() != null) {
      env.put("REDIS_PASSWORD", redisServer.password());
    }
    env.put("REDIS_KEY_PREFIX", keys.prefix());
    env.put("ENRICHMENT_CONSUMER_NAME", consumerName);
    env.put("SERVER_PORT", "0");
    env.put("EVENT_BATCH_SIZE", "100");
    env.put("INFLUXDB_API_VERSION", "2");
    env.put("INFLUXDB_URL", influxUrl);
    env.put("INFLUXDB_TOKEN", influx.token());
    env.put("INFLUXDB_ORG", influx.org());
    env.put("INFLUXDB_BUCKET", database);
    env.put("ENRICHMENT_CONSUMER_RETRY_INITIAL_BACKOFF", "100ms");
    env.put("ENRICHMENT_CONSUMER_RETRY_MAX_BACKOFF", "1s");
    env.put("ENRICHMENT_CONSUMER_BREAKER_OPEN_DURATION", "1s");
    return env;
  }

  private static long pendingFor(RedisKeys keys, String consumer) {
    return redis
        .opsForStream()
        .pending(
            keys.events(),
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, consumer),
            Range.unbounded(),
            10_000)
        .size();
  }
}
