package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.IngestionConfig;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.shaping.ShapingHolder;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Filters, attribute lists, the rate limit and the startup snapshot: environment defaults, then
 * runtime configuration changes in Redis applied while events flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShapingIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(31).entityCount(20).start();

  @Autowired ShapingHolder shaping;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    registry.add("ingestion.shaping.snapshot-on-start", () -> "true");
    registry.add("filter.exclude-entity-globs", () -> "sensor.env_excluded_*");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  @Order(1)
  void publishesTheCurrentStateOfEveryEntityAtStartAtItsOwnTime() {
    awaitSubscribed(ha);

    await()
        .atMost(WAIT)
        .until(
            () ->
                eventsAfter("0-0").stream()
                        .filter(event -> event.source() == EventSource.BACKFILL)
                        .count()
                    >= 20);
    List<StateChangedEvent> snapshot =
        eventsAfter("0-0").stream().filter(e -> e.source() == EventSource.BACKFILL).toList();
    assertThat(snapshot).extracting(StateChangedEvent::entityId).doesNotHaveDuplicates();
    assertThat(snapshot)
        .allSatisfy(
            event -> assertThat(event.timeFired()).isEqualTo(event.newState().lastUpdated()));
  }

  @Test
  @Order(2)
  void filtersByTheEnvironmentThenByTheRuntimeConfiguration() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    double filteredBefore = counter(MetricNames.INGESTION_EVENTS_FILTERED);

    ha.emitState("sensor.env_excluded_a", "1", Map.of());
    EmittedEvent kept = ha.emitState("sensor.kept", "1", Map.of("icon", "mdi:x", "unit", "W"));
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= 1);
    assertThat(eventsAfter(marker))
        .singleElement()
        .satisfies(e -> assertThat(e.entityId()).isEqualTo(kept.entityId()));

    long version =
        store()
            .replace(
                new RuntimeConfig(
                    0,
                    null,
                    null,
                    new FilterConfig(
                        EntityMatch.NONE,
                        new EntityMatch(
                            List.of("light"), List.of("sensor.runtime_excluded"), List.of())),
                    new AttributeConfig(List.of(), List.of("icon"), Map.of()),
                    null,
                    null,
                    null,
                    null),
                0,
                "test")
            .block(WAIT)
            .version();
    await().atMost(WAIT).until(() -> shaping.current().configVersion() == version);
    String second = lastId(keys.events());

    ha.emitState("sensor.runtime_excluded", "2", Map.of());
    ha.emitState("sensor.env_excluded_b", "2", Map.of()); // the environment's filter is replaced
    EmittedEvent shaped = ha.emitState("sensor.kept", "2", Map.of("icon", "mdi:y", "unit", "W"));

    await().atMost(WAIT).until(() -> eventsAfter(second).size() >= 2);
    List<StateChangedEvent> events = eventsAfter(second);
    assertThat(events)
        .extracting(StateChangedEvent::entityId)
        .containsExactly("sensor.env_excluded_b", shaped.entityId());
    assertThat(events.get(1).newState().attributes())
        .containsEntry("unit", "W")
        .doesNotContainKey("icon");
    assertThat(counter(MetricNames.INGESTION_EVENTS_FILTERED)).isEqualTo(filteredBefore + 2);
  }

  @Test
  @Order(3)
  void theRateLimitDelaysPublicationWithoutDroppingAnything() {
    awaitSubscribed(ha);
    RuntimeConfig current = store().load().block(WAIT).orElseThrow();
    long version =
        store()
            .replace(
                new RuntimeConfig(
                    0,
                    null,
                    null,
                    null,
                    null,
                    new IngestionConfig(20, false, null),
                    null,
                    null,
                    null),
                current.version(),
                "test")
            .block(WAIT)
            .version();
    await().atMost(WAIT).until(() -> shaping.current().configVersion() == version);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();

    long started = System.nanoTime();
    ha.emit(60, 1_000);
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= 60);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(eventsAfter(marker))
        .extracting(StateChangedEvent::timeFired)
        .containsExactlyElementsOf(
            ha.emitted().subList(before, before + 60).stream()
                .map(EmittedEvent::timeFired)
                .toList());
    // 20 tokens at once, then 20 per second: the other 40 take about 2 s.
    assertThat(took).isGreaterThan(Duration.ofMillis(1_500));
    assertThat(
            meters
                .get(MetricNames.INGESTION_RATE_LIMIT_DELAY)
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isPositive();
    assertThat(counter(MetricNames.INGESTION_EVENTS_DROPPED)).isZero();
  }

  private RuntimeConfigStore store() {
    return new RuntimeConfigStore(redis, keys);
  }
}
