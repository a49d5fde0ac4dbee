package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ReconnectIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(5).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void reconnectsByItselfAfterADroppedConnectionAndDeliversLaterEvents() {
    awaitSubscribed(ha);
    double reconnectsBefore = counter(MetricNames.INGESTION_RECONNECTS);
    long subscribesBefore = subscribeCommands();

    ha.disconnectAll();

    await()
        .atMost(WAIT)
        .until(
            () ->
                counter(MetricNames.INGESTION_RECONNECTS) > reconnectsBefore
                    && subscribeCommands() > subscribesBefore);
    awaitSubscribed(ha);
    // Ids start over on the new connection.
    List<String> subscribes =
        ha.receivedMessages().stream().filter(m -> m.contains("subscribe_events")).toList();
    assertThat(subscribes.get(subscribes.size() - 1)).contains("\"id\":2");

    String marker = lastId(keys.events());
    int before = ha.emitted().size();
    ha.emit(20, 200);
    List<EmittedEvent> emitted = ha.emitted().subList(before, before + 20);
    await().atMost(WAIT).until(() -> eventsAfter(marker).size() >= 20);
    assertThat(eventsAfter(marker))
        .extracting(StateChangedEvent::timeFired)
        .containsExactlyElementsOf(emitted.stream().map(EmittedEvent::timeFired).toList());
  }

  private long subscribeCommands() {
    return ha.receivedMessages().stream().filter(m -> m.contains("subscribe_events")).count();
  }
}
