package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A connection can end before the backfill records its reconnect window: here HA is still starting
 * (the backfill waits for {@code RUNNING}) and restarts again; under overload HA cuts a connection
 * within milliseconds. The events missed before that connection must still be backfilled by the
 * next one, although the short connection read newer events in between.
 */
class ShortConnectionBackfillIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(13).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    // Far longer than firing the missed events takes: they are fired while nobody is subscribed.
    registry.add("ha.reconnect-min-delay", () -> "1s");
    registry.add("ha.reconnect-max-delay", () -> "2s");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void eventsMissedBeforeAConnectionThatEndedUnrecordedAreBackfilledByTheNextOne() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    List<EmittedEvent> live = new ArrayList<>();
    live.add(ha.emitState("sensor.short_connection_before", "1", Map.of()));
    await().atMost(WAIT).until(() -> keysAfter(marker).containsAll(keys(live)));

    long subscribes = subscribeCommands();
    ha.setHaState("STARTING");
    ha.disconnectAll();
    List<EmittedEvent> missed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      missed.add(ha.emitState("sensor.short_connection_missed", Integer.toString(i), Map.of()));
    }
    assertThat(subscribeCommands())
        .as("fired before the service subscribed again")
        .isEqualTo(subscribes);

    // The next connection reads newer events live, then ends while HA is still starting: its
    // backfill never ran, so its reconnect window was never recorded.
    await()
        .atMost(WAIT)
        .until(
            () ->
                subscribeCommands() > subscribes
                    && connection.state() == ConnectionState.SUBSCRIBED
                    && ha.subscriptionCount() == 1);
    live.add(ha.emitState("sensor.short_connection_during", "1", Map.of()));
    await().atMost(WAIT).until(() -> keysAfter(marker).containsAll(keys(live)));
    ha.disconnectAll();
    ha.setHaState("RUNNING");

    await().atMost(WAIT).until(() -> keysAfter(marker).containsAll(keys(missed)));
    List<StateChangedEvent> backfilled =
        eventsAfter(marker).stream()
            .filter(event -> event.entityId().equals("sensor.short_connection_missed"))
            .toList();
    assertThat(backfilled).extracting(StateChangedEvent::source).containsOnly(EventSource.BACKFILL);
  }

  private long subscribeCommands() {
    return ha.receivedMessages().stream().filter(m -> m.contains("subscribe_events")).count();
  }

  private static Set<String> keys(List<EmittedEvent> events) {
    return events.stream()
        .map(event -> key(event.entityId(), event.timeFired()))
        .collect(Collectors.toSet());
  }
}
