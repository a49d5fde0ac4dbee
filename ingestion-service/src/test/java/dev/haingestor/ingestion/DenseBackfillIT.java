package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A window whose history answer is larger than {@code HA_MAX_FRAME_SIZE}: each such answer costs
 * the connection, so the backfill must reach a span small enough in a few steps and not stop at a
 * floor the density still overflows.
 */
class DenseBackfillIT extends IngestionTestBase {

  private static final int OUTAGE_EVENTS = 1_000;

  static final HaSimulator ha = HaSimulator.builder().seed(23).entityCount(16).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    // 1,000 rows of ~100 chars or more in about 2 s: the window's answer is ~100 KB and more, any
    // second of it ~50 KB.
    registry.add("ha.max-frame-size", () -> "64KB");
    registry.add("ha.reconnect-min-delay", () -> "2s");
    registry.add("ha.reconnect-max-delay", () -> "2s");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void recoversAWindowDenserThanTheFrameLimitWithinAFewLostConnections() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();
    ha.emit(20, 200); // live: a checkpoint for the window to start at
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= 20);
    double reconnects = counter(MetricNames.INGESTION_RECONNECTS);

    ha.disconnectAll();
    ha.emit(OUTAGE_EVENTS, 500); // during the client's 2 s back-off: recorded, not sent
    await().atMost(WAIT).until(() -> counter(MetricNames.INGESTION_RECONNECTS) > reconnects);
    awaitSubscribed(ha);
    ha.emit(20, 200); // live, after the window

    Set<String> expected =
        ha.emitted().subList(before, ha.emitted().size()).stream()
            .map(event -> key(event.entityId(), event.timeFired()))
            .collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(keysAfter(marker)).containsAll(expected));
    // The first answer (the whole window) and perhaps a half of it are too large; halving the
    // configured 15 minutes instead would take a dozen connections and stop at a second, still
    // too dense.
    assertThat(counter(MetricNames.INGESTION_RECONNECTS) - reconnects)
        .as("connections lost to too large answers, plus the outage itself")
        .isLessThanOrEqualTo(4);
  }
}
