package dev.haingestor.enrichment;

import static org.awaitility.Awaitility.await;

import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The blocking XREADGROUP waits on a connection of its own: the service's other Redis commands
 * (heartbeat, acknowledgements, dead letters) are not held up by it, and a new entry is processed
 * as soon as it arrives rather than when the block times out.
 */
class BlockingReadIT extends EnrichmentIntegrationTestBase {

  private static final Duration LONG_BLOCK = Duration.ofSeconds(10);

  @Test
  void otherCommandsAnswerWhileTheReadBlocksAndANewEntryIsWrittenAtOnce() {
    RedisKeys keys = uniqueKeys("block");
    String database = influx.createDatabase("enrichment_block");

    try (ConfigurableApplicationContext service =
        startService(
            keys,
            "blocking-consumer",
            with(
                v2Sink(influx.v2Url(), database),
                "enrichment.consumer.block-timeout",
                LONG_BLOCK.toSeconds() + "s"))) {
      ReactiveStringRedisTemplate serviceRedis = service.getBean(ReactiveStringRedisTemplate.class);
      // A consumer exists once its first read ran; from then on both lanes sit in a 10 s block.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  redis.opsForStream().consumers(keys.events(), RedisKeys.ENRICHMENT_GROUP).size()
                      == 2);

      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(4))
          .until(() -> roundTrip(serviceRedis).compareTo(Duration.ofMillis(500)) < 0);

      add(keys, event("sensor.prompt", "1", recentMicros(1), Map.of("unit_of_measurement", "lx")));
      await()
          .atMost(LONG_BLOCK.dividedBy(2))
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"lx\"") == 1);
      await().atMost(LONG_BLOCK.dividedBy(2)).until(() -> pendingCount(keys) == 0);
    }
  }

  private static Duration roundTrip(ReactiveStringRedisTemplate template) {
    long start = System.nanoTime();
    template.opsForValue().get("block-probe").block(Duration.ofSeconds(15));
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
