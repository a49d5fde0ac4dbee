package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.client.RawWebSocketClient;
import dev.haingestor.simulator.client.RawWebSocketClient.Frame;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthenticationTest {

  private static final JsonNode AUTH_REQUIRED =
      HaTestClient.JSON.readTree("{\"type\":\"auth_required\",\"ha_version\":\"2025.11.0\"}");

  private static HaSimulator ha;

  @BeforeAll
  static void start() {
    ha = HaSimulator.builder().token("secret-token").start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  @Test
  void sendsAuthRequiredWithTheHaVersionFirst() {
    try (HaTestClient client = HaTestClient.connect(ha.websocketUri())) {
      client.awaitMessage(m -> true);
      assertThat(client.messages().get(0)).isEqualTo(AUTH_REQUIRED);
    }
  }

  @Test
  void acceptsTheRightTokenWithAuthOk() {
    try (HaTestClient client = HaTestClient.connect(ha.websocketUri())) {
      client.authenticate("secret-token");
      assertThat(client.messages())
          .contains(
              HaTestClient.JSON.readTree("{\"type\":\"auth_ok\",\"ha_version\":\"2025.11.0\"}"));
      await().atMost(HaTestClient.TIMEOUT).until(() -> ha.connectionCount() >= 1);
    }
  }

  @Test
  void answersAWrongTokenWithAuthInvalidThenClosesWithCode1000() throws Exception {
    try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri())) {
      assertThat(HaTestClient.JSON.readTree(client.readText())).isEqualTo(AUTH_REQUIRED);
      client.sendText("{\"type\":\"auth\",\"access_token\":\"wrong\"}");

      assertThat(HaTestClient.JSON.readTree(client.readText()))
          .isEqualTo(
              HaTestClient.JSON.readTree(
                  "{\"type\":\"auth_invalid\",\"message\":\"Invalid access token or password\"}"));
      Frame close = client.readUntilEnd();
      assertThat(close).as("close frame").isNotNull();
      assertThat(close.closeCode()).isEqualTo(1000);
    }
  }

  @Test
  void acceptsAuthSentBeforeAuthRequiredWasRead() throws Exception {
    try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri())) {
      client.sendText("{\"type\":\"auth\",\"access_token\":\"secret-token\"}");

      assertThat(HaTestClient.JSON.readTree(client.readText())).isEqualTo(AUTH_REQUIRED);
      assertThat(HaTestClient.JSON.readTree(client.readText()).get("type").stringValue())
          .isEqualTo("auth_ok");
    }
  }

  @Test
  void answersAMalformedAuthMessageWithAuthInvalidWithoutEchoingTheToken() throws Exception {
    try (RawWebSocketClient client = RawWebSocketClient.connect(ha.websocketUri())) {
      client.readText();
      client.sendText("{\"type\":\"auth\",\"access_token\":\"secret-token\",\"extra\":1}");

      JsonNode invalid = HaTestClient.JSON.readTree(client.readText());
      assertThat(invalid.get("type").stringValue()).isEqualTo("auth_invalid");
      assertThat(invalid.get("message").stringValue())
          .startsWith("Auth message incorrectly formatted: ")
          .contains("extra keys not allowed @ data['extra']")
          .doesNotContain("secret-token");
      assertThat(client.readUntilEnd()).as("close frame").isNotNull();
    }
  }

  @Test
  void closesWithoutAMessageWhenNoAuthArrivesInTime() throws Exception {
    try (HaSimulator impatient = HaSimulator.builder().authTimeout(Duration.ofMillis(300)).start();
        RawWebSocketClient client = RawWebSocketClient.connect(impatient.websocketUri())) {
      assertThat(HaTestClient.JSON.readTree(client.readText())).isEqualTo(AUTH_REQUIRED);

      Frame next = client.readFrame();
      assertThat(next).as("the frame after auth_required").isNotNull();
      assertThat(next.opcode())
          .as(RawWebSocketClient.describe(next))
          .isEqualTo(RawWebSocketClient.CLOSE);
      assertThat(next.closeCode()).isEqualTo(1000);
      assertThat(client.readFrame()).as("end of stream").isNull();
      assertThat(impatient.connectionCount()).isZero();
    }
  }
}
