package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.buffer.EventGap;
import dev.haingestor.ingestion.checkpoint.GapLedger;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis refusing writes (maxmemory reached under {@code noeviction}, a real failure mode): events
 * wait in the bounded buffer, the overflow is dropped and recorded as a gap (in memory, as Redis
 * refuses that too), and once Redis accepts writes again the buffered events reach the stream
 * exactly once, in order, and the dropped ones are backfilled from HA's recorder.
 */
class RedisOutageIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(9).start();

  static final int CAPACITY = 20;

  /**
   * Enough bursts of a buffer's worth to fill the buffer and overflow it: before events stay in the
   * buffer, each of the publisher's two rounds in flight may take up to a buffer's worth.
   */
  static final int MAX_BURSTS = 6;

  @Autowired EventBuffer buffer;
  @Autowired GapLedger gaps;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    registry.add("ingestion.buffer.capacity", () -> CAPACITY);
    registry.add("stream.retry-min-delay", () -> "50ms");
    registry.add("stream.retry-max-delay", () -> "200ms");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @AfterEach
  void acceptWritesAgain() {
    setMaxMemory("0");
  }

  @Test
  void buffersDuringTheOutageRecordsTheOverflowAndRecoversItAfterwards() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();

    double droppedBefore = counter(EventBuffer.EVENTS_DROPPED);
    double receivedBefore = received();
    setMaxMemory("1");
    // How much the publisher's rounds took before Redis refused the first depends on timing (once,
    // on a slow machine, the second round took a full buffer after the first overflow), so emit
    // until the buffer is full and has dropped events.
    for (int burst = 0;
        burst < MAX_BURSTS
            && (buffer.depth() < CAPACITY || counter(EventBuffer.EVENTS_DROPPED) == droppedBefore);
        burst++) {
      ha.emit(CAPACITY, 500);
      int read = ha.emitted().size() - before;
      await().atMost(WAIT).until(() -> received() - receivedBefore == read);
    }
    List<EmittedEvent> emitted = List.copyOf(ha.emitted().subList(before, ha.emitted().size()));

    await().atMost(WAIT).until(() -> buffer.depth() == CAPACITY);
    assertThat(entriesAfter(keys.events(), marker)).isEmpty();
    // The overflow windows wait in memory (Redis refuses to store them as well), and account for
    // every dropped event.
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(
            () -> {
              double dropped = counter(EventBuffer.EVENTS_DROPPED) - droppedBefore;
              return dropped > 0 && openGapEvents() == dropped;
            });
    List<EventGap> open = gaps.open();
    assertThat(open)
        .allSatisfy(
            gap -> {
              assertThat(gap.from()).isAfterOrEqualTo(emitted.get(0).timeFired());
              assertThat(gap.to()).isBeforeOrEqualTo(emitted.get(emitted.size() - 1).timeFired());
            });

    setMaxMemory("0");

    List<Instant> kept =
        emitted.stream()
            .map(EmittedEvent::timeFired)
            .filter(
                time ->
                    open.stream()
                        .noneMatch(gap -> !time.isBefore(gap.from()) && !time.isAfter(gap.to())))
            .toList();
    assertThat(kept.size() + openGapEvents(open)).isEqualTo(emitted.size());
    // Every emitted event arrives: the buffered ones live and in order, the dropped ones by
    // backfill from HA's recorder once publishing works again.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(keysAfter(marker))
                    .containsAll(
                        emitted.stream().map(e -> key(e.entityId(), e.timeFired())).toList()));
    List<Instant> live =
        eventsAfter(marker).stream()
            .filter(event -> event.source() == EventSource.LIVE)
            .map(StateChangedEvent::timeFired)
            .toList();
    assertThat(live).containsExactlyElementsOf(kept);
    assertThat(buffer.depth()).isZero();
    await().atMost(WAIT).until(() -> gaps.open().isEmpty());
    assertThat(counter(MetricNames.INGESTION_EVENTS_PUBLISHED))
        .isGreaterThanOrEqualTo(emitted.size());
  }

  /** Events read from HA; its counters appear with the first event of each domain. */
  private double received() {
    return meters.find(MetricNames.INGESTION_EVENTS_RECEIVED).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private long openGapEvents() {
    return openGapEvents(gaps.open());
  }

  private static long openGapEvents(List<EventGap> open) {
    return open.stream().mapToLong(EventGap::events).sum();
  }

  private void setMaxMemory(String value) {
    redis
        .execute(connection -> connection.serverCommands().setConfig("maxmemory", value))
        .then()
        .block(Duration.ofSeconds(5));
  }
}
