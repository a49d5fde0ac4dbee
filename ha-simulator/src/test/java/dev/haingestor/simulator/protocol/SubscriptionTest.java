package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SubscriptionTest {

  private static HaSimulator ha;

  @BeforeAll
  static void start() {
    ha = HaSimulator.builder().start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  private static ObjectNode fields(String json) {
    return (ObjectNode) HaTestClient.JSON.readTree(json);
  }

  @Test
  void deliversStateChangedEventsInHaShape() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      JsonNode subscribed =
          client.command("subscribe_events", fields("{\"event_type\":\"state_changed\"}"));
      assertThat(subscribed.get("success").booleanValue()).isTrue();
      assertThat(subscribed.get("result").isNull()).isTrue();
      long id = subscribed.get("id").longValue();

      EmittedEvent first =
          ha.emitState("sensor.shape_temperature", "21.5", Map.of("unit_of_measurement", "°C"));
      EmittedEvent second =
          ha.emitState("sensor.shape_temperature", "21.6", Map.of("unit_of_measurement", "°C"));

      await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(id).size() == 2);
      JsonNode event = client.events(id).get(0).get("event");
      assertThat(HaTestClient.JSON.readTree(first.json())).isEqualTo(event);
      assertThat(event.get("event_type").stringValue()).isEqualTo("state_changed");
      assertThat(event.get("origin").stringValue()).isEqualTo("LOCAL");
      JsonNode data = event.get("data");
      assertThat(data.get("entity_id").stringValue()).isEqualTo("sensor.shape_temperature");
      assertThat(data.get("old_state").isNull()).isTrue();
      JsonNode newState = data.get("new_state");
      assertThat(newState.get("state").stringValue()).isEqualTo("21.5");
      assertThat(newState.get("attributes").get("unit_of_measurement").stringValue())
          .isEqualTo("°C");
      assertThat(newState.get("attributes").get("friendly_name").stringValue())
          .isEqualTo("Shape Temperature");
      assertThat(event.get("time_fired")).isEqualTo(newState.get("last_updated"));
      assertThat(newState.get("last_reported")).isEqualTo(newState.get("last_updated"));
      assertThat(event.get("context").get("id").stringValue()).hasSize(26);
      assertThat(event.get("context").get("parent_id").isNull()).isTrue();
      assertThat(event.get("context").get("user_id").isNull()).isTrue();
      assertThat(newState.get("context")).isEqualTo(event.get("context"));

      JsonNode next = client.events(id).get(1).get("event").get("data");
      assertThat(next.get("old_state")).isEqualTo(newState);
      assertThat(second.oldState()).isEqualTo(first.newState());
    }
  }

  @Test
  void subscribesToEveryEventWithoutAnEventType() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      long id = client.command("subscribe_events").get("id").longValue();

      ha.emitState("switch.everything_plug", "on", Map.of());

      await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(id).size() == 1);
    }
  }

  @Test
  void stopsEventsAfterUnsubscribeAndReportsUnknownSubscriptions() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      long id = client.command("subscribe_events").get("id").longValue();
      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.subscriptionCount() >= 1);

      JsonNode unsubscribed =
          client.command("unsubscribe_events", fields("{\"subscription\":" + id + "}"));
      assertThat(unsubscribed.get("success").booleanValue()).isTrue();
      ha.emitState("switch.unsubscribed_plug", "on", Map.of());
      // Anything queued before the pong would have arrived before it.
      client.command("ping");
      assertThat(client.events(id)).isEmpty();

      JsonNode unknown = client.command("unsubscribe_events", fields("{\"subscription\":999}"));
      assertThat(unknown.get("error"))
          .isEqualTo(
              HaTestClient.JSON.readTree(
                  "{\"code\":\"not_found\",\"message\":\"Subscription not found.\"}"));
    }
  }

  @Test
  void recordsEventsFiredWhileNobodyIsSubscribed() {
    EmittedEvent missed = ha.emitState("binary_sensor.missed_door", "on", Map.of());

    assertThat(ha.emitted()).contains(missed);
  }

  @Test
  void injectsRawFramesVerbatimToSubscribedClients() {
    try (HaTestClient subscribed = HaTestClient.authenticated(ha.websocketUri(), ha.token());
        HaTestClient idle = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      subscribed.command("subscribe_events");

      ha.injectRawFrame("{\"weird\": [1, 2], \"id\": \"x\"}");
      idle.command("ping");

      await()
          .atMost(HaTestClient.TIMEOUT)
          .until(() -> subscribed.frames().contains("{\"weird\": [1, 2], \"id\": \"x\"}"));
      assertThat(idle.frames()).noneMatch(frame -> frame.contains("weird"));
    }
  }

  @Test
  void refusesToFireAnUnchangedState() {
    ha.emitState("switch.twice_plug", "on", Map.of());

    assertThatThrownBy(() -> ha.emitState("switch.twice_plug", "on", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state_changed");
  }
}
