package dev.haingestor.ingestion.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class EventBufferTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void returnsEventsOldestFirstInBatchesOfAtMostTheRequestedSize() {
    EventBuffer buffer = buffer(10);
    for (int i = 0; i < 5; i++) {
      buffer.offer(event(i));
    }

    List<EncodedEvent> first = buffer.poll(3);
    List<EncodedEvent> rest = buffer.poll(3);

    assertThat(first).extracting(EncodedEvent::timeFired).containsExactly(at(0), at(1), at(2));
    assertThat(rest).extracting(EncodedEvent::timeFired).containsExactly(at(3), at(4));
    assertThat(buffer.poll(3)).isEmpty();
  }

  @Test
  void dropsWhenFullAndRecordsTheWindowOfDroppedEvents() {
    EventBuffer buffer = buffer(2);

    assertThat(buffer.offer(event(0))).isTrue();
    assertThat(buffer.offer(event(1))).isTrue();
    assertThat(buffer.offer(event(5))).isFalse();
    assertThat(buffer.offer(event(3))).isFalse();

    assertThat(buffer.depth()).isEqualTo(2);
    assertThat(registry.get(EventBuffer.EVENTS_DROPPED).counter().count()).isEqualTo(2.0);
    assertThat(buffer.gap()).contains(new EventGap(at(3), at(5), 2));
  }

  @Test
  void acceptsAgainOnceDrainedAndKeepsTheGapUntilTaken() {
    EventBuffer buffer = buffer(1);
    buffer.offer(event(0));
    buffer.offer(event(1));

    buffer.poll(1);

    assertThat(buffer.offer(event(2))).isTrue();
    assertThat(buffer.takeGap()).contains(new EventGap(at(1), at(1), 1));
    assertThat(buffer.gap()).isEmpty();
  }

  @Test
  void encodesALiveEventOnlyOnceItHasAPlace() {
    EventBuffer buffer = buffer(1);
    EventCodec codec = new EventCodec(JsonMapper.builder().build());

    assertThat(buffer.offer(live(0), codec)).isTrue();
    // A backfill event cannot be encoded as a buffered live event: refused only if it is encoded.
    assertThat(buffer.offer(notLive(1), codec)).isFalse();

    assertThat(buffer.gap()).contains(new EventGap(at(1), at(1), 1));
    assertThat(buffer.poll(1))
        .singleElement()
        .satisfies(e -> assertThat(e.newState()).contains("\"state\":\"0\""));
  }

  @Test
  void givesThePlaceBackWhenAnEventCannotBeEncoded() {
    EventBuffer buffer = buffer(1);
    EventCodec codec = new EventCodec(JsonMapper.builder().build());

    assertThatThrownBy(() -> buffer.offer(notLive(0), codec))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(buffer.depth()).isZero();
    assertThat(buffer.offer(live(1), codec)).isTrue();
    assertThat(buffer.poll(5)).extracting(EncodedEvent::timeFired).containsExactly(at(1));
  }

  @Test
  void reportsDepthAsAGauge() {
    EventBuffer buffer = buffer(10);
    buffer.offer(event(0));
    buffer.offer(event(1));

    assertThat(registry.get(MetricNames.INGESTION_BUFFER_DEPTH).gauge().value()).isEqualTo(2.0);
    buffer.poll(10);
    assertThat(registry.get(MetricNames.INGESTION_BUFFER_DEPTH).gauge().value()).isZero();
  }

  @Test
  void neverHoldsMoreThanItsCapacityUnderConcurrentProducers() throws Exception {
    EventBuffer buffer = buffer(1_000);
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService producers = Executors.newFixedThreadPool(4);
    try {
      for (int p = 0; p < 4; p++) {
        producers.execute(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                if (buffer.offer(event(i))) {
                  accepted.incrementAndGet();
                }
              }
            });
      }
      producers.shutdown();
      assertThat(producers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      producers.shutdownNow();
    }

    assertThat(accepted.get()).isEqualTo(1_000);
    assertThat(buffer.poll(10_000)).hasSize(1_000);
    assertThat(registry.get(EventBuffer.EVENTS_DROPPED).counter().count()).isEqualTo(3_000.0);
  }

  @Test
  void wakesTheWaitingConsumerOnTheNextOffer() {
    EventBuffer buffer = buffer(10);

    StepVerifier.create(buffer.awaitEvents(Duration.ofSeconds(30)))
        .then(() -> Schedulers.parallel().schedule(() -> buffer.offer(event(0))))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void doesNotWaitWhenEventsAreAlreadyThere() {
    EventBuffer buffer = buffer(10);
    buffer.offer(event(0));

    StepVerifier.create(buffer.awaitEvents(Duration.ofSeconds(30)))
        .expectComplete()
        .verify(Duration.ofSeconds(1));
  }

  @Test
  void givesUpWaitingAfterTheMaximumWait() {
    EventBuffer buffer = buffer(10);

    StepVerifier.create(buffer.awaitEvents(Duration.ofMillis(50)))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  private EventBuffer buffer(int capacity) {
    return new EventBuffer(new BufferProperties(capacity), registry);
  }

  private static EncodedEvent event(int second) {
    return new EncodedEvent("sensor.t", at(second), 0, "{\"state\":\"" + second + "\"}");
  }

  private static StateChangedEvent live(int second) {
    return stateChanged(second, EventSource.LIVE);
  }

  private static StateChangedEvent notLive(int second) {
    return stateChanged(second, EventSource.BACKFILL);
  }

  private static StateChangedEvent stateChanged(int second, EventSource source) {
    HaState state =
        new HaState("sensor.t", String.valueOf(second), Map.of(), at(second), at(second));
    return new StateChangedEvent("sensor.t", at(second), state, source, at(second));
  }

  private static Instant at(int second) {
    return T0.plusSeconds(second);
  }
}
