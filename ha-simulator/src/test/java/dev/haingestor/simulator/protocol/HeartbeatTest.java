package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.client.HaTestClient.Pings;
import dev.haingestor.simulator.client.RawWebSocketClient;
import dev.haingestor.simulator.client.RawWebSocketClient.Frame;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** aiohttp's heartbeat as HA configures it (55 s / 27.5 s), shortened. */
class HeartbeatTest {

  private static HaSimulator ha;

  @BeforeAll
  static void start() {
    ha =
        HaSimulator.builder()
            .protocolPingInterval(Duration.ofMillis(150))
            .protocolPongTimeout(Duration.ofMillis(300))
            .start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  @Test
  void keepsPingingAClientThatAnswers() {
    try (HaTestClient client = HaTestClient.connect(ha.websocketUri(), Pings.ANSWER)) {
      client.authenticate(ha.token());

      // Without the pongs the server would have dropped the socket after the first ping.
      await().atMost(HaTestClient.TIMEOUT).until(() -> client.pingsReceived() >= 3);
      assertThat(client.isClosed()).isFalse();
      assertThat(client.command("ping").get("type").stringValue()).isEqualTo("pong");
    }
  }

  @Test
  void dropsAClientThatLeavesPingsUnanswered() {
    try (HaTestClient client = HaTestClient.connect(ha.websocketUri(), Pings.IGNORE)) {
      client.authenticate(ha.token());

      client.awaitClosed();
      assertThat(client.pingsReceived()).isEqualTo(1);
    }
  }

  @Test
  void dropsAnUnansweringClientWithoutACloseFrame() throws Exception {
    try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri())) {
      client.readText();
      client.sendText("{\"type\":\"auth\",\"access_token\":\"" + ha.token() + "\"}");
      client.readText();

      Frame ping = client.readFrame();
      assertThat(ping.opcode())
          .as(RawWebSocketClient.describe(ping))
          .isEqualTo(RawWebSocketClient.PING);
      assertThat(client.readUntilEnd()).as("close frame").isNull();
    }
  }
}
