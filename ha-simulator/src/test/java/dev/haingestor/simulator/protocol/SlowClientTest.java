package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.client.RawWebSocketClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * HA closes a connection that cannot keep up (websocket_api/http.py): its queue reaches the
 * maximum, or stays at the peak level for too long. The client here authenticates, subscribes, then
 * stops reading; large events fill the socket buffers quickly so the queue grows.
 */
class SlowClientTest {

  /** Past the socket buffers (kernel and 1 MiB of Netty's) within a few hundred events. */
  private static final String BLOB = "x".repeat(64 * 1024);

  private static final int MAX_EVENTS = 600;

  @Test
  void dropsAClientWhoseQueueReachesTheMaximum() throws Exception {
    try (HaSimulator ha =
        HaSimulator.builder()
            .historyCapacity(100)
            .slowClientLimits(20, 100_000, Duration.ofHours(1))
            .start()) {
      assertCutOffWithoutACloseFrame(ha);
    }
  }

  @Test
  void dropsAClientWhoseQueueStaysAtThePeakLevel() throws Exception {
    try (HaSimulator ha =
        HaSimulator.builder()
            .historyCapacity(100)
            .slowClientLimits(100_000, 5, Duration.ofMillis(300))
            .start()) {
      assertCutOffWithoutACloseFrame(ha);
    }
  }

  @Test
  void loosenedLimitsLetANewConnectionFallBehindAndItsFramesStillHoldAtMostHasMaximum()
      throws Exception {
    int events = ClientSession.MAX_COALESCED + 2_000;
    String blob = "y".repeat(1024);
    try (HaSimulator ha = HaSimulator.builder().historyCapacity(events).start()) {
      ha.slowClientLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofHours(1));
      try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri(), 4096)) {
        client.readText();
        client.sendText("{\"type\":\"auth\",\"access_token\":\"" + ha.token() + "\"}");
        client.readText();
        client.sendText(
            "{\"id\":1,\"type\":\"supported_features\",\"features\":{\"coalesce_messages\":1}}");
        client.readText();
        client.sendText("{\"id\":2,\"type\":\"subscribe_events\"}");
        client.readText();
        await().atMost(HaTestClient.TIMEOUT).until(() -> ha.subscriptionCount() == 1);

        for (int i = 0; i < events; i++) {
          ha.emitState("sensor.slow_blob", Integer.toString(i), Map.of("blob", blob));
        }

        int received = 0;
        int largestFrame = 0;
        while (received < events) {
          String frame = client.readText();
          JsonNode messages = HaTestClient.JSON.readTree(frame);
          int count = messages.isArray() ? messages.size() : 1;
          largestFrame = Math.max(largestFrame, count);
          received += count;
        }
        assertThat(received).isEqualTo(events);
        assertThat(largestFrame).isGreaterThan(1).isLessThanOrEqualTo(ClientSession.MAX_COALESCED);
        assertThat(ha.slowClientCutOffs()).isZero();
        assertThat(ha.connectionCount()).isEqualTo(1);
      }
    }
  }

  private static void assertCutOffWithoutACloseFrame(HaSimulator ha) throws Exception {
    try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri(), 4096)) {
      client.readText();
      client.sendText("{\"type\":\"auth\",\"access_token\":\"" + ha.token() + "\"}");
      client.readText();
      client.sendText("{\"id\":1,\"type\":\"subscribe_events\"}");
      client.readText();
      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.subscriptionCount() == 1);

      for (int i = 0; i < MAX_EVENTS && ha.connectionCount() > 0; i++) {
        ha.emitState("sensor.slow_blob", Integer.toString(i), Map.of("blob", BLOB));
      }

      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.connectionCount() == 0);
      assertThat(client.readUntilEnd()).as("close frame").isNull();
    }
  }
}
