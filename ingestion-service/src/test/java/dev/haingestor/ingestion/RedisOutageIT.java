package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.buffer.EventGap;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
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
 * wait in the bounded buffer, the overflow is dropped and recorded as a gap, and once Redis accepts
 * writes again the buffered events reach the stream exactly once, in order.
 */
class RedisOutageIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(9).start();

  @Autowired EventBuffer buffer;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    registry.add("ingestion.buffer.capacity", () -> "20");
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
  void buffersDuringTheOutageRecordsTheOverflowAndPublishesInOrderAfterwards() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();

    setMaxMemory("1");
    ha.emit(50, 500);
    List<EmittedEvent> emitted = ha.emitted().subList(before, before + 50);

    await().atMost(WAIT).until(() -> buffer.depth() == buffer.capacity());
    assertThat(entriesAfter(keys.events(), marker)).isEmpty();
    assertThat(counter(EventBuffer.EVENTS_DROPPED)).isPositive();
    EventGap gap = buffer.gap().orElseThrow();
    assertThat(gap.from()).isAfterOrEqualTo(emitted.get(0).timeFired());
    assertThat(gap.to()).isBeforeOrEqualTo(emitted.get(49).timeFired());

    setMaxMemory("0");

    List<Instant> kept =
        emitted.stream()
            .map(EmittedEvent::timeFired)
            .filter(time -> time.isBefore(gap.from()) || time.isAfter(gap.to()))
            .toList();
    assertThat(kept.size() + gap.events()).isEqualTo(50);
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= kept.size());
    List<Instant> published =
        eventsAfter(marker).stream().map(StateChangedEvent::timeFired).toList();
    assertThat(published).containsExactlyElementsOf(kept);
    assertThat(buffer.depth()).isZero();
    assertThat(counter(MetricNames.INGESTION_EVENTS_PUBLISHED)).isGreaterThanOrEqualTo(kept.size());
  }

  private void setMaxMemory(String value) {
    redis
        .execute(connection -> connection.serverCommands().setConfig("maxmemory", value))
        .then()
        .block(Duration.ofSeconds(5));
  }
}
