package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.client.RawWebSocketClient;
import dev.haingestor.simulator.generator.EntityCatalog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link HaSimulator#restartWithLiveBurst}: HA's WebSocket API accepts clients while HA starts, so
 * the start burst reaches the clients that came back, through the real protocol and with HA's
 * slow-client limits in force.
 */
class LiveRestartBurstTest {

  private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(10);

  @Test
  void firesTheStartBurstToTheClientThatSubscribedWhileHaWasStarting() throws Exception {
    try (HaSimulator ha = HaSimulator.builder().seed(3).entityCount(200).start();
        RawWebSocketClient before = subscribedClient(ha)) {
      Set<String> entities = entityIds(ha);
      int emittedBefore = ha.emitted().size();

      CompletableFuture<LiveBurst> restart =
          CompletableFuture.supplyAsync(() -> ha.restartWithLiveBurst(SUBSCRIBE_WAIT));

      assertThat(before.readUntilEnd()).as("dropped without a close frame").isNull();
      try (RawWebSocketClient client = reconnect(ha)) {
        assertThat(haState(client, 1)).as("get_config while starting").isEqualTo("STARTING");
        client.sendText(
            "{\"id\":2,\"type\":\"subscribe_events\",\"event_type\":\"state_changed\"}");
        assertThat(json(client.readText()).get("success").booleanValue()).isTrue();

        LiveBurst burst = restart.get(30, TimeUnit.SECONDS);
        List<JsonNode> received = new ArrayList<>();
        while (received.size() < burst.events().size()) {
          received.add(json(client.readText()).get("event"));
        }

        assertThat(burst.subscribers()).isEqualTo(1);
        assertThat(burst.slowClientCutOffs()).isZero();
        assertThat(ha.slowClientCutOffs()).isZero();
        assertThat(haState(client, 3)).as("get_config after the burst").isEqualTo("RUNNING");
        assertThat(ha.emitted().subList(emittedBefore, ha.emitted().size()))
            .isEqualTo(burst.events());
        assertThat(received.stream().map(e -> e.get("data").get("entity_id").stringValue()))
            .containsExactlyElementsOf(
                burst.events().stream().map(EmittedEvent::entityId).toList());
        assertStartBurst(received, entities);
      }
    }
  }

  private static void assertStartBurst(List<JsonNode> events, Set<String> entities) {
    Set<String> seen = new HashSet<>();
    int placeholders = 0;
    for (JsonNode event : events) {
      JsonNode data = event.get("data");
      if (seen.add(data.get("entity_id").stringValue())) {
        assertThat(data.get("old_state").isNull()).as("first event of an entity").isTrue();
      }
      JsonNode newState = data.get("new_state");
      if (newState.get("attributes").path("restored").asBoolean(false)) {
        placeholders++;
        assertThat(newState.get("state").stringValue()).isEqualTo("unavailable");
      }
    }
    assertThat(seen).isEqualTo(entities);
    assertThat(placeholders).isPositive();
    assertThat(events).hasSize(entities.size() + placeholders);
  }

  @Test
  void cutsOffAndCountsAClientWhoseQueueOverflowsDuringTheBurst() throws Exception {
    // A queue limit below the burst's first slice: the burst cannot be absorbed by anyone.
    try (HaSimulator ha =
            HaSimulator.builder()
                .seed(3)
                .entityCount(400)
                .slowClientLimits(100, 100_000, Duration.ofHours(1))
                .start();
        RawWebSocketClient before = subscribedClient(ha)) {
      CompletableFuture<LiveBurst> restart =
          CompletableFuture.supplyAsync(() -> ha.restartWithLiveBurst(SUBSCRIBE_WAIT));
      before.readUntilEnd();

      try (RawWebSocketClient client = reconnect(ha)) {
        client.sendText("{\"id\":1,\"type\":\"subscribe_events\"}");
        client.readText();

        LiveBurst burst = restart.get(30, TimeUnit.SECONDS);

        assertThat(burst.subscribers()).isEqualTo(1);
        assertThat(burst.slowClientCutOffs()).isEqualTo(1);
        assertThat(ha.slowClientCutOffs()).isEqualTo(1);
        assertThat(client.readUntilEnd()).as("cut off without a close frame").isNull();
        await().atMost(HaTestClient.TIMEOUT).until(() -> ha.connectionCount() == 0);
      }
    }
  }

  @Test
  void firesAfterTheBoundedWaitWhenNoClientComesBack() {
    try (HaSimulator ha = HaSimulator.builder().seed(3).start()) {
      Duration wait = Duration.ofMillis(200);

      LiveBurst burst = ha.restartWithLiveBurst(wait);

      assertThat(burst.subscribers()).isZero();
      assertThat(burst.resubscribeTime()).isGreaterThanOrEqualTo(wait);
      assertThat(burst.events()).hasSizeGreaterThan(60);
      assertThat(burst.slowClientCutOffs()).isZero();
    }
  }

  @Test
  void generatedEventsChangeOnlyTheActiveEntities() {
    try (HaSimulator ha =
        HaSimulator.builder().seed(5).entityCount(100).activeEntityCount(20).start()) {
      Set<String> active = new HashSet<>();
      EntityCatalog.create(5, 100).entities().stream()
          .limit(20)
          .forEach(entity -> active.add(entity.entityId()));

      ha.emit(300, 10_000);

      assertThat(ha.emitted()).hasSizeGreaterThan(250);
      assertThat(ha.emitted()).allSatisfy(e -> assertThat(active).contains(e.entityId()));
    }
  }

  private static RawWebSocketClient subscribedClient(HaSimulator ha) throws IOException {
    RawWebSocketClient client = authenticated(ha);
    client.sendText("{\"id\":1,\"type\":\"subscribe_events\",\"event_type\":\"state_changed\"}");
    client.readText();
    await().atMost(HaTestClient.TIMEOUT).until(() -> ha.subscriptionCount() == 1);
    return client;
  }

  /** Connects once the restarted simulator listens again (refused, or dropped, until then). */
  private static RawWebSocketClient reconnect(HaSimulator ha) {
    return await()
        .atMost(SUBSCRIBE_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> authenticated(ha), client -> client != null);
  }

  private static RawWebSocketClient authenticated(HaSimulator ha) throws IOException {
    RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri());
    try {
      client.readText();
      client.sendText("{\"type\":\"auth\",\"access_token\":\"" + ha.token() + "\"}");
      if (!client.readText().contains("auth_ok")) {
        throw new IOException("not authenticated");
      }
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  private static String haState(RawWebSocketClient client, int id) throws IOException {
    client.sendText("{\"id\":" + id + ",\"type\":\"get_config\"}");
    return json(client.readText()).get("result").get("state").stringValue();
  }

  private static Set<String> entityIds(HaSimulator ha) throws IOException {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      Set<String> ids = new HashSet<>();
      client
          .command("get_states")
          .get("result")
          .forEach(state -> ids.add(state.get("entity_id").stringValue()));
      return ids;
    }
  }

  private static JsonNode json(String text) {
    return HaTestClient.JSON.readTree(text);
  }
}
