package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance: 20,000 events at the simulator's maximum rate with coalescing on → all in the stream,
 * in per-entity order, none dead-lettered, the connection never dropped. HA's own protocol ping
 * timing (55 s / 27.5 s): a PING queued behind megabytes of events needs time to arrive.
 */
class FullSpeedIT extends IngestionTestBase {

  private static final int WARM_UP_EVENTS = 20_000;

  static final HaSimulator ha = HaSimulator.builder().seed(13).entityCount(40).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void deliversTwentyThousandEventsAtFullSpeedInPerEntityOrderWithoutDeadLetters() {
    awaitSubscribed(ha);
    // This class may run first in its JVM: HA meets a service that has been running, whose reader
    // the JIT has compiled, not one interpreting its first thousand events.
    String warmUp = lastId(keys.events());
    ha.emit(WARM_UP_EVENTS, 5_000);
    await().atMost(WAIT).until(() -> eventsAfter(warmUp).size() >= WARM_UP_EVENTS);
    String marker = lastId(keys.events());
    String deadMarker = lastId(keys.deadLetters());
    int before = ha.emitted().size();

    long target = streamLength() + 20_000;
    ha.emit(20_000, 1_000_000);

    List<EmittedEvent> emitted = ha.emitted().subList(before, before + 20_000);
    // XLEN while waiting: reading 20,000 entries on every poll would load the machine.
    await().atMost(Duration.ofSeconds(60)).until(() -> streamLength() >= target);
    List<StateChangedEvent> published = eventsAfter(marker);
    assertThat(published).hasSize(20_000);
    assertThat(
            byEntity(
                published.stream()
                    .map(e -> List.of(e.entityId(), e.timeFired().toString()))
                    .toList()))
        .isEqualTo(
            byEntity(
                emitted.stream()
                    .map(e -> List.of(e.entityId(), e.timeFired().toString()))
                    .toList()));
    assertThat(entriesAfter(keys.deadLetters(), deadMarker)).isEmpty();
    assertThat(ha.connectionCount()).isEqualTo(1);
    assertThat(counter(MetricNames.INGESTION_RECONNECTS)).isZero();
    assertThat(meters.get(MetricNames.INGESTION_FRAME_MESSAGES).summary().max())
        .as("HA coalesced messages into array frames")
        .isGreaterThan(1);
  }

  private long streamLength() {
    return redis.opsForStream().size(keys.events()).block(WAIT);
  }

  /** entity_id → its times, in stream order. */
  private static java.util.Map<String, List<String>> byEntity(List<List<String>> events) {
    java.util.Map<String, List<String>> times = new java.util.HashMap<>();
    for (List<String> event : events) {
      times.computeIfAbsent(event.get(0), id -> new java.util.ArrayList<>()).add(event.get(1));
    }
    return times;
  }
}
