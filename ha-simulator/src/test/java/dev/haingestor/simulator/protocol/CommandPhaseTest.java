package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CommandPhaseTest {

  private static HaSimulator ha;
  private HaTestClient client;

  @BeforeAll
  static void start() {
    ha = HaSimulator.builder().start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  @BeforeEach
  void connect() {
    client = HaTestClient.authenticated(ha.websocketUri(), ha.token());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static JsonNode json(String text) {
    return HaTestClient.JSON.readTree(text);
  }

  private static JsonNode error(Object id, String code, String message) {
    String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    return json(
        "{\"id\":"
            + idJson
            + ",\"type\":\"result\",\"success\":false,\"error\":{\"code\":\""
            + code
            + "\",\"message\":\""
            + message
            + "\"}}");
  }

  @Test
  void answersPingWithPong() {
    client.send("{\"id\":1,\"type\":\"ping\"}");

    assertThat(client.awaitAnswer(1)).isEqualTo(json("{\"id\":1,\"type\":\"pong\"}"));
  }

  @Test
  void rejectsAnEqualOrSmallerIdWithIdReuse() {
    client.send("{\"id\":5,\"type\":\"ping\"}");
    client.awaitAnswer(5);

    client.send("{\"id\":5,\"type\":\"ping\"}");
    client.awaitMessage(m -> m.has("error"));
    client.send("{\"id\":3,\"type\":\"ping\"}");
    client.awaitAnswer(3);
    client.send("{\"id\":6,\"type\":\"ping\"}");
    client.awaitAnswer(6);

    assertThat(client.messages().subList(2, 6))
        .containsExactly(
            json("{\"id\":5,\"type\":\"pong\"}"),
            error(5, "id_reuse", "Identifier values have to increase."),
            error(3, "id_reuse", "Identifier values have to increase."),
            json("{\"id\":6,\"type\":\"pong\"}"));
  }

  @Test
  void rejectsMessagesWithoutAValidIdOrTypeAsInvalidFormat() {
    client.send("{\"type\":\"ping\"}");
    client.send("{\"id\":\"abc\",\"type\":\"ping\"}");
    client.send("{\"id\":0,\"type\":\"ping\"}");
    client.send("{\"id\":7}");
    client.send("{\"id\":8,\"type\":\"\"}");
    client.send("[42]");
    client.send("{\"id\":9,\"type\":\"ping\"}");
    client.awaitAnswer(9);

    assertThat(client.messages().subList(2, 8))
        .containsExactly(
            error(null, "invalid_format", "Message incorrectly formatted."),
            error("abc", "invalid_format", "Message incorrectly formatted."),
            error(0, "invalid_format", "Message incorrectly formatted."),
            error(7, "invalid_format", "Message incorrectly formatted."),
            error(8, "invalid_format", "Message incorrectly formatted."),
            error(0, "invalid_format", "Message incorrectly formatted."));
  }

  @Test
  void rejectsFieldsACommandDoesNotTakeAsInvalidFormat() {
    client.send("{\"id\":1,\"type\":\"ping\",\"foo\":\"bar\"}");

    assertThat(client.awaitAnswer(1))
        .isEqualTo(error(1, "invalid_format", "extra keys not allowed @ data['foo']. Got 'bar'"));
  }

  @Test
  void answersUnknownCommandsWithoutUsingUpTheirId() {
    client.send("{\"id\":10,\"type\":\"no_such_command\"}");
    assertThat(client.awaitAnswer(10)).isEqualTo(error(10, "unknown_command", "Unknown command."));

    // connection.py only advances last_id for known commands.
    client.send("{\"id\":10,\"type\":\"ping\"}");
    client.awaitMessage(m -> "pong".equals(HaTestClient.text(m, "type")));
    assertThat(client.messages()).last().isEqualTo(json("{\"id\":10,\"type\":\"pong\"}"));
  }

  @Test
  void handlesEveryCommandOfAJsonArray() {
    client.send("[{\"id\":1,\"type\":\"ping\"},{\"id\":2,\"type\":\"ping\"}]");

    client.awaitAnswer(2);
    assertThat(client.messages().subList(2, 4))
        .containsExactly(
            json("{\"id\":1,\"type\":\"pong\"}"), json("{\"id\":2,\"type\":\"pong\"}"));
  }

  @Test
  void answersSuccessWithTheResultShape() {
    JsonNode result = client.command("subscribe_events");

    assertThat(result)
        .isEqualTo(json("{\"id\":1,\"type\":\"result\",\"success\":true,\"result\":null}"));
  }

  @Test
  void closesTheConnectionOnInvalidJson() {
    client.send("this is not json");

    client.awaitClosed();
  }

  @Test
  void recordsWhatClientsSent() {
    client.send("{\"id\":1,\"type\":\"ping\"}");
    client.awaitAnswer(1);

    assertThat(ha.receivedMessages()).contains("{\"id\":1,\"type\":\"ping\"}");
  }
}
