package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.client.HaTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Held events are fired (counted, recorded) at once but reach subscribers only when released or
 * when a later event is fired, and always in firing order.
 */
class HoldReleaseTest {

  @Test
  void heldEventsAreFiredAtOnceAndSentInFiringOrderWhenReleased() {
    try (HaSimulator ha = HaSimulator.builder().seed(3).start();
        HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      long subscription = subscribe(client);
      long firedBefore = ha.firedCount();

      int held = ha.hold(300);

      assertThat(held).isGreaterThan(200);
      assertThat(ha.firedCount()).isEqualTo(firedBefore + held);
      // A round trip on the same connection: anything sent before its answer has arrived.
      client.command("ping");
      assertThat(client.events(subscription)).isEmpty();

      ha.release(20_000);

      await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(subscription).size() == held);
      assertThat(eventJson(client, subscription)).isEqualTo(lastEmittedJson(ha, held));
      assertThat(ha.hold(0)).isZero();
    }
  }

  @Test
  void aLaterEventSendsTheHeldOnesBeforeItself() {
    try (HaSimulator ha = HaSimulator.builder().seed(4).start();
        HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      long subscription = subscribe(client);
      int held = ha.hold(50);

      EmittedEvent later = ha.emitState("sensor.after_the_held", "1", Map.of());

      await()
          .atMost(HaTestClient.TIMEOUT)
          .until(() -> client.events(subscription).size() == held + 1);
      List<JsonNode> received = eventJson(client, subscription);
      assertThat(received).isEqualTo(lastEmittedJson(ha, held + 1));
      assertThat(received.get(held)).isEqualTo(HaTestClient.JSON.readTree(later.json()));
      assertThat(ha.hold(0)).isZero();
    }
  }

  private static long subscribe(HaTestClient client) {
    ObjectNode fields =
        (ObjectNode) HaTestClient.JSON.readTree("{\"event_type\":\"state_changed\"}");
    return client.command("subscribe_events", fields).get("id").longValue();
  }

  private static List<JsonNode> eventJson(HaTestClient client, long subscription) {
    return client.events(subscription).stream().map(message -> message.get("event")).toList();
  }

  private static List<JsonNode> lastEmittedJson(HaSimulator ha, int count) {
    List<EmittedEvent> emitted = ha.emitted();
    return emitted.subList(emitted.size() - count, emitted.size()).stream()
        .map(event -> HaTestClient.JSON.readTree(event.json()))
        .toList();
  }
}
