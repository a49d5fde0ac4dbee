package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A restart after a crash: a previous run left a checkpoint and an unfilled gap in Redis, and HA
 * fired events while the service was down. At start the service backfills exactly the gap and
 * everything after the checkpoint — and, cheaply, nothing that was already in the stream.
 */
class RestartRecoveryIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(41).entityCount(20).start();
  static final String PREFIX = newPrefix();
  static final List<EmittedEvent> before;

  static {
    ha.emit(120, 2_000);
    before = ha.emitted();
    RedisServer server = RealServers.redis();
    RedisKeys keys = new RedisKeys(PREFIX);
    try (RespConnection redis =
        RespConnection.open(server.host(), server.port(), Duration.ofSeconds(5))) {
      if (server.password() != null) {
        redis.command("AUTH", server.password());
      }
      // The previous run published up to event 60, but lost events 10..20 in an overflow.
      redis.command("SET", keys.checkpoint(), HaTimestamps.format(before.get(60).timeFired()));
      redis.command(
          "HSET",
          keys.checkpoint() + ":gaps",
          HaTimestamps.format(before.get(10).timeFired())
              + "/"
              + HaTimestamps.format(before.get(20).timeFired()),
          "11");
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token(), PREFIX);
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void backfillsThePersistedGapAndEverythingAfterTheCheckpointButNothingElse() {
    Set<String> missing =
        IntStream.concat(IntStream.rangeClosed(10, 20), IntStream.range(61, 120))
            .mapToObj(i -> key(before.get(i).entityId(), before.get(i).timeFired()))
            .collect(Collectors.toSet());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(keysAfter("0-0")).containsAll(missing));
    await()
        .atMost(WAIT)
        .until(() -> redis.opsForHash().size(keys.checkpoint() + ":gaps").block(WAIT) == 0);

    List<StateChangedEvent> published = eventsAfter("0-0");
    assertThat(published).allSatisfy(e -> assertThat(e.source()).isEqualTo(EventSource.BACKFILL));
    assertThat(published.stream().map(e -> key(e.entityId(), e.timeFired())))
        .as("events already in the stream before the crash are not asked for again")
        .containsExactlyInAnyOrderElementsOf(missing);
  }
}
