package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.HaState;
import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.client.RawWebSocketClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RestartAndDisconnectTest {

  private HaSimulator ha;

  @BeforeEach
  void start() {
    ha = HaSimulator.builder().seed(3).start();
  }

  @AfterEach
  void stop() {
    ha.close();
  }

  private RawWebSocketClient authenticatedRawClient() throws IOException {
    RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri());
    client.readText();
    client.sendText("{\"type\":\"auth\",\"access_token\":\"" + ha.token() + "\"}");
    assertThat(client.readText()).contains("auth_ok");
    return client;
  }

  @Test
  void disconnectAllDropsEverySocketWithoutACloseFrame() throws Exception {
    try (RawWebSocketClient raw = authenticatedRawClient();
        HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.connectionCount() == 2);

      ha.disconnectAll();

      assertThat(raw.readUntilEnd()).as("close frame").isNull();
      client.awaitClosed();
      assertThat(client.closeStatus().map(status -> status.code()))
          .as("no close frame, so no clean close code")
          .isNotEqualTo(java.util.Optional.of(1000));
      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.connectionCount() == 0);
      try (HaTestClient again = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
        assertThat(again.command("ping").get("type").stringValue()).isEqualTo("pong");
      }
    }
  }

  @Test
  void restartDropsSocketsAndComesBackOnTheSamePortWithAStartBurst() throws Exception {
    int port = ha.port();
    Set<String> entities = new HashSet<>();
    try (RawWebSocketClient raw = authenticatedRawClient();
        HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      client
          .command("get_states")
          .get("result")
          .forEach(s -> entities.add(s.get("entity_id").stringValue()));
      int before = ha.emitted().size();

      ha.restart();

      assertThat(raw.readUntilEnd()).as("close frame").isNull();
      client.awaitClosed();
      assertThat(ha.port()).isEqualTo(port);
      List<EmittedEvent> burst = ha.emitted().subList(before, ha.emitted().size());
      assertStartBurst(burst, entities);
    }
    try (HaTestClient again = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      assertThat(again.command("get_states").get("result").size()).isEqualTo(entities.size());
    }
  }

  private static void assertStartBurst(List<EmittedEvent> burst, Set<String> entities) {
    Map<String, EmittedEvent> firstByEntity = new HashMap<>();
    burst.forEach(event -> firstByEntity.putIfAbsent(event.entityId(), event));
    assertThat(firstByEntity.keySet()).isEqualTo(entities);
    assertThat(firstByEntity.values()).allSatisfy(first -> assertThat(first.oldState()).isNull());

    List<EmittedEvent> placeholders =
        burst.stream()
            .filter(e -> Boolean.TRUE.equals(e.newState().attributes().get("restored")))
            .toList();
    assertThat(placeholders).isNotEmpty();
    for (EmittedEvent placeholder : placeholders) {
      assertThat(placeholder.newState().state()).isEqualTo("unavailable");
      assertThat(placeholder.oldState()).isNull();
      EmittedEvent real =
          burst.stream()
              .filter(e -> e.entityId().equals(placeholder.entityId()) && e != placeholder)
              .findFirst()
              .orElseThrow();
      HaState placeholderState = placeholder.newState();
      assertThat(real.oldState()).isEqualTo(placeholderState);
      assertThat(real.newState().attributes()).doesNotContainKey("restored");
    }
  }

  @Test
  void refusesConnectionsWhileRestarting() {
    CompletableFuture<Void> restart = CompletableFuture.runAsync(ha::restart);

    await()
        .atMost(HaTestClient.TIMEOUT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !accepts(ha.port()) || restart.isDone());
    assertThat(restart).as("refused before the restart finished").isNotDone();
    restart.join();
    assertThat(accepts(ha.port())).isTrue();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @Test
  void historyKeepsTheBurstWithoutTheRestoredAttribute() throws Exception {
    ha.restart();
    EmittedEvent placeholder =
        ha.emitted().stream()
            .filter(e -> Boolean.TRUE.equals(e.newState().attributes().get("restored")))
            .findFirst()
            .orElseThrow();

    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      JsonNode rows =
          client
              .command(
                  "history/history_during_period",
                  (tools.jackson.databind.node.ObjectNode)
                      HaTestClient.JSON.readTree(
                          "{\"start_time\":\""
                              + dev.haingestor.common.event.HaTimestamps.format(
                                  placeholder.timeFired().minusSeconds(1))
                              + "\",\"entity_ids\":[\""
                              + placeholder.entityId()
                              + "\"],\"include_start_time_state\":false,"
                              + "\"significant_changes_only\":false}"))
              .get("result")
              .get(placeholder.entityId());
      assertThat(rows.get(0).get("s").stringValue()).isEqualTo("unavailable");
      assertThat(rows.get(0).get("a").has("restored")).isFalse();
    }
  }
}
