package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CoalescingTest {

  private static final int BURST = 300;

  private static HaSimulator ha;

  @BeforeAll
  static void start() {
    ha = HaSimulator.builder().start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  @Test
  void sendsOneMessagePerFrameByDefault() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      long subscription = client.command("subscribe_events").get("id").longValue();

      ha.emit(BURST, 100_000);

      await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(subscription).size() == BURST);
      assertThat(client.frames()).allSatisfy(frame -> assertThat(frame).startsWith("{"));
    }
  }

  @Test
  void coalescesPendingMessagesIntoArrayFramesOnceAsked() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      JsonNode features =
          client.command(
              "supported_features",
              HaTestClient.JSON
                  .createObjectNode()
                  .set("features", HaTestClient.JSON.readTree("{\"coalesce_messages\":1}")));
      assertThat(features.get("result").isNull()).isTrue();
      long subscription = client.command("subscribe_events").get("id").longValue();
      int before = ha.emitted().size();

      ha.emit(BURST, 100_000);

      await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(subscription).size() == BURST);
      assertThat(client.frames()).anySatisfy(frame -> assertThat(frame).startsWith("["));
      List<EmittedEvent> emitted = ha.emitted().subList(before, before + BURST);
      List<String> received =
          client.events(subscription).stream()
              .map(event -> event.get("event").get("time_fired").stringValue())
              .toList();
      assertThat(received)
          .as("every event, in firing order")
          .containsExactlyElementsOf(
              emitted.stream()
                  .map(e -> dev.haingestor.common.event.HaTimestamps.format(e.timeFired()))
                  .toList());

      // A lone message is still a plain object.
      client.command("ping");
      assertThat(client.frames()).last().isEqualTo("{\"id\":3,\"type\":\"pong\"}");
    }
  }
}
