package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import dev.haingestor.testsupport.redis.RestartableRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis killed (SIGKILL) under the running consumer and started again on the same port with its
 * append-only file: the supervised loop reports the outage, keeps trying with back-off, and
 * consumes again afterwards — no resubscription by hand, nothing lost.
 */
class RedisRestartIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static RestartableRedis ownRedis;
  private static LettuceConnectionFactory ownConnections;
  private static StringRedisTemplate ownTemplate;

  @BeforeAll
  static void startOwnRedis() {
    ownRedis = RestartableRedis.start();
    ownConnections =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(ownRedis.host(), ownRedis.port()));
    ownConnections.afterPropertiesSet();
    ownConnections.start();
    ownTemplate = new StringRedisTemplate(ownConnections);
  }

  @AfterAll
  static void stopOwnRedis() {
    if (ownConnections != null) {
      ownConnections.destroy();
    }
    if (ownRedis != null) {
      ownRedis.close();
    }
  }

  @Test
  void keepsConsumingAfterRedisIsKilledAndStartedAgain() {
    RedisKeys keys = uniqueKeys("redis-restart");
    String database = influx.createDatabase("enrichment_redis_restart");
    List<StateChangedEvent> events = numericEvents("restart", 40, 4, "A", recentMicros(0));

    try (ConfigurableApplicationContext service =
        startServiceOn(
            keys,
            "restart-consumer",
            with(
                v2Sink(influx.v2Url(), database),
                "spring.data.redis.host",
                ownRedis.host(),
                "spring.data.redis.port",
                Integer.toString(ownRedis.port()),
                "spring.data.redis.timeout",
                "2s"))) {
      publish(keys, events.subList(0, 20));
      await().atMost(WAIT).until(() -> totalPoints(database, "A") == 20);

      ownRedis.kill();
      EnrichmentStatus status = service.getBean(EnrichmentStatus.class);
      await()
          .atMost(WAIT)
          .until(() -> "DEGRADED".equals(status.snapshot().get(ServiceStatusContract.STATUS)));

      ownRedis.restart();
      publish(keys, events.subList(20, 40));

      await().atMost(WAIT).until(() -> totalPoints(database, "A") == 40);
      await()
          .atMost(WAIT)
          .until(() -> "UP".equals(status.snapshot().get(ServiceStatusContract.STATUS)));
      assertThat(
              ownTemplate
                  .opsForStream()
                  .pending(keys.events(), RedisKeys.ENRICHMENT_GROUP)
                  .getTotalPendingMessages())
          .isZero();
      assertThat(countByEntity(database, "A")).allSatisfy((e, n) -> assertThat(n).isEqualTo(10L));
    }
  }

  private static void publish(RedisKeys keys, List<StateChangedEvent> events) {
    for (StateChangedEvent event : events) {
      Map<String, String> fields = CODEC.encode(event);
      MapRecord<String, String, String> record =
          StreamRecords.mapBacked(fields).withStreamKey(keys.events());
      ownTemplate.opsForStream().add(record);
    }
  }
}
