package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance: HA restarts mid-stream → after recovery every event the simulator emitted before,
 * during and after is in the stream. The simulator refuses connections for ~300 ms only (not
 * configurable); a 5 s outage is emulated by the client's reconnect delay of 5 s, while events keep
 * being emitted — those, and the restart burst, exist only in HA's recorder.
 */
class HaRestartIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(17).entityCount(30).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    registry.add("ha.reconnect-min-delay", () -> "5s");
    registry.add("ha.reconnect-max-delay", () -> "5s");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void recoversEverythingEmittedWhileHaRestartedFromTheRecorder() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();
    double reconnects = counter(MetricNames.INGESTION_RECONNECTS);

    CompletableFuture<Void> flowing = ha.emitAsync(900, 100);
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= 100);
    ha.restart();
    await().atMost(WAIT).until(flowing::isDone);
    await().atMost(WAIT).until(() -> counter(MetricNames.INGESTION_RECONNECTS) > reconnects);
    awaitSubscribed(ha);
    ha.emit(50, 200); // after the recovery

    List<EmittedEvent> emitted = ha.emitted().subList(before, ha.emitted().size());
    Set<String> expected =
        emitted.stream()
            .map(event -> key(event.entityId(), event.timeFired()))
            .collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(keysAfter(marker)).containsAll(expected));

    List<StateChangedEvent> published = eventsAfter(marker);
    assertThat(published)
        .as("nothing that HA did not emit")
        .allSatisfy(
            event -> assertThat(expected).contains(key(event.entityId(), event.timeFired())));
    List<StateChangedEvent> backfilled =
        published.stream().filter(event -> event.source() == EventSource.BACKFILL).toList();
    assertThat(backfilled).as("the outage was filled from the recorder").isNotEmpty();
    assertThat(counter(MetricNames.INGESTION_BACKFILL_EVENTS))
        .isGreaterThanOrEqualTo(backfilled.size());
    // Backfilled states are the live ones to the microsecond: same point in InfluxDB.
    for (StateChangedEvent event : backfilled) {
      EmittedEvent original =
          emitted.stream()
              .filter(
                  e ->
                      e.entityId().equals(event.entityId())
                          && e.timeFired().equals(event.timeFired()))
              .findFirst()
              .orElseThrow();
      assertThat(event.newState().state()).isEqualTo(original.newState().state());
      assertThat(HaTimestamps.format(event.newState().lastUpdated()))
          .isEqualTo(HaTimestamps.format(original.newState().lastUpdated()));
      assertThat(event.newState().lastChanged()).isEqualTo(original.newState().lastChanged());
    }
    // The checkpoint follows the stream.
    await()
        .atMost(WAIT)
        .until(
            () ->
                HaTimestamps.format(emitted.get(emitted.size() - 1).timeFired())
                    .equals(redis.opsForValue().get(keys.checkpoint()).block(WAIT)));
  }
}
