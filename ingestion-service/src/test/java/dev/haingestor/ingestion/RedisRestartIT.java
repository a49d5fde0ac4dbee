package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.checkpoint.GapLedger;
import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.redis.RestartableRedis;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance: Redis stopped for 10 s while events flow, then started again → nothing is missing
 * afterwards, and the reader never stalled (HA never cut the client off, no reconnect). The buffer
 * is small on purpose, so it overflows during the outage: what it dropped comes back by backfill
 * from HA's recorder once Redis is back.
 */
class RedisRestartIT extends IngestionTestBase {

  static final RestartableRedis ownRedis = RestartableRedis.start();
  static final HaSimulator ha = HaSimulator.builder().seed(21).entityCount(30).start();

  @Autowired GapLedger gaps;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token(), ownRedis);
    registry.add("ingestion.buffer.capacity", () -> "300");
    registry.add("stream.retry-min-delay", () -> "50ms");
    registry.add("stream.retry-max-delay", () -> "500ms");
    registry.add("spring.data.redis.timeout", () -> "1s");
    registry.add("spring.data.redis.connect-timeout", () -> "1s");
  }

  @AfterAll
  static void stopServers() {
    ha.close();
    ownRedis.close();
  }

  @Test
  void losesNothingAcrossATenSecondRedisOutageAndNeverStallsTheReader() {
    awaitSubscribed(ha);
    double reconnects = counter(MetricNames.INGESTION_RECONNECTS);
    int before = ha.emitted().size();

    CompletableFuture<Void> flowing = ha.emitAsync(1_400, 100);
    await().atMost(WAIT).until(() -> eventsAfter("0-0").size() >= 100);

    ownRedis.stop();
    // The whole outage: the reader keeps reading, HA keeps the one connection.
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(12))
        .until(
            () ->
                ha.connectionCount() == 1
                    && connection.state() == ConnectionState.SUBSCRIBED
                    && counter(MetricNames.INGESTION_RECONNECTS) == reconnects);
    ownRedis.restart();

    await().atMost(WAIT).until(flowing::isDone);
    List<EmittedEvent> emitted = ha.emitted().subList(before, ha.emitted().size());
    Set<String> expected =
        emitted.stream()
            .map(event -> key(event.entityId(), event.timeFired()))
            .collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions() // the test's own Redis client reconnects too
        .untilAsserted(() -> assertThat(keysAfter("0-0")).containsAll(expected));
    assertThat(counter(MetricNames.INGESTION_EVENTS_DROPPED))
        .as("the small buffer overflowed during the outage")
        .isPositive();
    assertThat(eventsAfter("0-0"))
        .as("what the buffer dropped came back from the recorder")
        .anySatisfy(event -> assertThat(event.source()).isEqualTo(EventSource.BACKFILL));
    await().atMost(WAIT).until(() -> gaps.open().isEmpty());
    assertThat(ha.connectionCount()).isEqualTo(1);
    assertThat(counter(MetricNames.INGESTION_RECONNECTS)).isEqualTo(reconnects);
  }
}
