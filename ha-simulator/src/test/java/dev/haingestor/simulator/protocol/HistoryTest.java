package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import dev.haingestor.simulator.history.EpochSeconds;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** history/history_during_period, as homeassistant/components/history/websocket_api.py. */
class HistoryTest {

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

  private static ObjectNode query(Instant start, String... entityIds) {
    ObjectNode query = HaTestClient.JSON.createObjectNode();
    query.put("start_time", HaTimestamps.format(start));
    ArrayNode ids = query.putArray("entity_ids");
    for (String id : entityIds) {
      ids.add(id);
    }
    return query;
  }

  private static ObjectNode backfill(Instant start, String... entityIds) {
    ObjectNode query = query(start, entityIds);
    query.put("include_start_time_state", false);
    query.put("significant_changes_only", false);
    return query;
  }

  private JsonNode history(HaTestClient on, ObjectNode query) {
    JsonNode answer = on.command("history/history_during_period", query);
    assertThat(answer.get("success").booleanValue()).as(answer.toString()).isTrue();
    return answer.get("result");
  }

  private static Instant lu(JsonNode row) {
    return HaTimestamps.fromEpochSeconds(row.get("lu").decimalValue().toPlainString());
  }

  private static void awaitWallClockPast(Instant time) {
    await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(time));
  }

  @Test
  void answersCompressedRowsWhoseTimesAreTheLiveEventsMicroseconds() {
    EmittedEvent first =
        ha.emitState("sensor.hist_power", "100.5", Map.of("unit_of_measurement", "W"));
    EmittedEvent second =
        ha.emitState("sensor.hist_power", "1e-05", Map.of("unit_of_measurement", "W"));

    JsonNode result =
        history(client, backfill(first.timeFired().minusSeconds(1), "sensor.hist_power"));

    JsonNode rows = result.get("sensor.hist_power");
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).get("s").stringValue()).isEqualTo("100.5");
    assertThat(rows.get(0).get("a").get("unit_of_measurement").stringValue()).isEqualTo("W");
    assertThat(rows.get(0).get("a").get("friendly_name").stringValue()).isEqualTo("Hist Power");
    assertThat(rows.get(1).get("s").stringValue()).isEqualTo("1e-05");
    assertThat(lu(rows.get(0))).isEqualTo(first.timeFired());
    assertThat(lu(rows.get(1))).isEqualTo(second.timeFired());
    assertThat(rows.get(0).has("lc")).as("lc only when it differs from lu").isFalse();
    assertThat(client.frames())
        .anySatisfy(
            frame ->
                assertThat(frame).contains("\"lu\":" + EpochSeconds.format(second.timeFired())));
  }

  @Test
  void addsASyntheticRowAtTheStartTimeByDefault() {
    EmittedEvent before = ha.emitState("switch.hist_start_plug", "on", Map.of());
    Instant start = before.timeFired().plusMillis(1);
    awaitWallClockPast(start);
    EmittedEvent after = ha.emitState("switch.hist_start_plug", "off", Map.of());

    JsonNode rows =
        history(client, query(start, "switch.hist_start_plug")).get("switch.hist_start_plug");

    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).get("s").stringValue()).isEqualTo("on");
    assertThat(lu(rows.get(0))).as("stamped at start_time, not a real change").isEqualTo(start);
    assertThat(lu(rows.get(1))).isEqualTo(after.timeFired());

    ObjectNode withoutStartState = query(start, "switch.hist_start_plug");
    withoutStartState.put("include_start_time_state", false);
    JsonNode onlyReal = history(client, withoutStartState).get("switch.hist_start_plug");
    assertThat(onlyReal.size()).isEqualTo(1);
    assertThat(onlyReal.get(0).get("s").stringValue()).isEqualTo("off");
  }

  @Test
  void dropsAttributeOnlyChangesUnlessAskedForAllAndThenReportsLastChanged() {
    EmittedEvent changed = ha.emitState("sensor.hist_attr", "5", Map.of("level", 1));
    EmittedEvent attributeOnly = ha.emitState("sensor.hist_attr", "5", Map.of("level", 2));
    Instant start = changed.timeFired().minusSeconds(1);
    ObjectNode significantOnly = query(start, "sensor.hist_attr");
    significantOnly.put("include_start_time_state", false);

    JsonNode significant = history(client, significantOnly).get("sensor.hist_attr");
    JsonNode all = history(client, backfill(start, "sensor.hist_attr")).get("sensor.hist_attr");

    assertThat(significant.size()).isEqualTo(1);
    assertThat(all.size()).isEqualTo(2);
    assertThat(lu(all.get(1))).isEqualTo(attributeOnly.timeFired());
    assertThat(HaTimestamps.fromEpochSeconds(all.get(1).get("lc").decimalValue().toPlainString()))
        .isEqualTo(changed.timeFired());
  }

  @Test
  void keepsAttributeOnlyChangesOfSignificantDomains() {
    EmittedEvent first =
        ha.emitState("climate.hist_thermostat", "heat", Map.of("current_temperature", 20.1));
    ha.emitState("climate.hist_thermostat", "heat", Map.of("current_temperature", 20.2));
    ObjectNode significantOnly =
        query(first.timeFired().minusSeconds(1), "climate.hist_thermostat");
    significantOnly.put("include_start_time_state", false);

    assertThat(history(client, significantOnly).get("climate.hist_thermostat").size()).isEqualTo(2);
  }

  @Test
  void leavesOutAttributesTheRecorderDoesNotStore() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("restored", true);
    attributes.put("supported_features", 3);
    attributes.put("attribution", "Data by someone");
    attributes.put("unit_of_measurement", "°C");
    EmittedEvent event = ha.emitState("sensor.hist_unrecorded", "unavailable", attributes);

    JsonNode row =
        history(client, backfill(event.timeFired().minusSeconds(1), "sensor.hist_unrecorded"))
            .get("sensor.hist_unrecorded")
            .get(0);

    assertThat(row.get("a").propertyNames())
        .containsExactlyInAnyOrder("unit_of_measurement", "friendly_name");
    assertThat(event.newState().attributes()).containsKeys("restored", "supported_features");
  }

  @Test
  void sendsOnlyStateChangesAfterTheFirstRowWithMinimalResponse() {
    EmittedEvent first = ha.emitState("sensor.hist_minimal", "1", Map.of("level", 1));
    ha.emitState("sensor.hist_minimal", "1", Map.of("level", 2));
    EmittedEvent third = ha.emitState("sensor.hist_minimal", "2", Map.of("level", 2));
    ObjectNode minimal = backfill(first.timeFired().minusSeconds(1), "sensor.hist_minimal");
    minimal.put("minimal_response", true);

    JsonNode rows = history(client, minimal).get("sensor.hist_minimal");

    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).has("a")).isTrue();
    assertThat(rows.get(1).propertyNames()).containsExactly("s", "lu");
    assertThat(lu(rows.get(1))).isEqualTo(third.timeFired());
  }

  @Test
  void answersAStartInTheFutureWithAnEmptyObject() {
    ha.emitState("switch.hist_future_plug", "on", Map.of());

    JsonNode result =
        history(client, query(Instant.now().plus(Duration.ofHours(1)), "switch.hist_future_plug"));

    assertThat(result.isObject()).isTrue();
    assertThat(result.isEmpty()).isTrue();
  }

  @Test
  void rejectsInvalidTimesAndEntityIds() {
    ObjectNode badStart = query(Instant.now(), "sensor.x");
    badStart.put("start_time", "yesterday-ish");
    ObjectNode badEnd = query(Instant.now().minusSeconds(60), "sensor.x");
    badEnd.put("end_time", "2024-13-45T99:00:00");
    ObjectNode badEntity = query(Instant.now().minusSeconds(60), "Not An Entity");

    assertThat(client.command("history/history_during_period", badStart).get("error"))
        .isEqualTo(
            HaTestClient.JSON.readTree(
                "{\"code\":\"invalid_start_time\",\"message\":\"Invalid start_time\"}"));
    assertThat(client.command("history/history_during_period", badEnd).get("error"))
        .isEqualTo(
            HaTestClient.JSON.readTree(
                "{\"code\":\"invalid_end_time\",\"message\":\"Invalid end_time\"}"));
    assertThat(
            client
                .command("history/history_during_period", badEntity)
                .get("error")
                .get("code")
                .stringValue())
        .isEqualTo("invalid_entity_ids");
  }

  @Test
  void requiresEntityIdsAsHa2025Does() {
    ObjectNode noIds = query(Instant.now().minusSeconds(60));
    noIds.remove("entity_ids");

    JsonNode error = client.command("history/history_during_period", noIds).get("error");

    assertThat(error.get("code").stringValue()).isEqualTo("invalid_format");
    assertThat(error.get("message").stringValue())
        .isEqualTo("required key not provided @ data['entity_ids']. Got None");
  }

  @Test
  void excludesRowsAtOrAfterTheEndTime() {
    EmittedEvent first = ha.emitState("switch.hist_end_plug", "on", Map.of());
    EmittedEvent second = ha.emitState("switch.hist_end_plug", "off", Map.of());
    ObjectNode window = backfill(first.timeFired().minusSeconds(1), "switch.hist_end_plug");
    window.put("end_time", HaTimestamps.format(second.timeFired()));

    JsonNode rows = history(client, window).get("switch.hist_end_plug");

    assertThat(rows.size()).isEqualTo(1);
    assertThat(lu(rows.get(0))).isEqualTo(first.timeFired());
  }

  @Test
  void remembersOnlyTheNewestEventsUpToItsCapacity() {
    try (HaSimulator small = HaSimulator.builder().historyCapacity(5).start();
        HaTestClient smallClient =
            HaTestClient.authenticated(small.websocketUri(), small.token())) {
      Instant start = Instant.now().minusSeconds(1);
      for (int i = 0; i < 8; i++) {
        small.emitState("sensor.hist_bounded", Integer.toString(i), Map.of());
      }

      List<EmittedEvent> kept = small.emitted();
      JsonNode rows =
          history(smallClient, backfill(start, "sensor.hist_bounded")).get("sensor.hist_bounded");

      assertThat(kept)
          .extracting(e -> e.newState().state())
          .containsExactly("3", "4", "5", "6", "7");
      assertThat(rows.size()).isEqualTo(5);
      assertThat(rows.get(0).get("s").stringValue()).isEqualTo("3");
    }
  }

  @Test
  void answersAfterTheConfiguredRecorderDelay() {
    try (HaSimulator slow = HaSimulator.builder().historyDelay(Duration.ofMillis(300)).start();
        HaTestClient slowClient = HaTestClient.authenticated(slow.websocketUri(), slow.token())) {
      EmittedEvent event = slow.emitState("switch.hist_slow_plug", "on", Map.of());
      slowClient.send(
          "{\"id\":1,\"type\":\"history/history_during_period\",\"entity_ids\":[\"switch.hist_slow_plug\"],"
              + "\"start_time\":\""
              + HaTimestamps.format(event.timeFired().minusSeconds(1))
              + "\"}");
      slowClient.send("{\"id\":2,\"type\":\"ping\"}");

      slowClient.awaitAnswer(1);
      List<Long> order =
          slowClient.messages().stream()
              .filter(m -> m.has("id"))
              .map(m -> m.get("id").longValue())
              .toList();
      assertThat(order).containsExactly(2L, 1L);
    }
  }

  @Test
  void aDelaySetWhileRunningAppliesToLaterQueriesAndCanBeLifted() {
    try (HaSimulator busy = HaSimulator.builder().start();
        HaTestClient busyClient = HaTestClient.authenticated(busy.websocketUri(), busy.token())) {
      EmittedEvent event = busy.emitState("switch.hist_busy_plug", "on", Map.of());
      String history =
          ",\"type\":\"history/history_during_period\",\"entity_ids\":[\"switch.hist_busy_plug\"],"
              + "\"start_time\":\""
              + HaTimestamps.format(event.timeFired().minusSeconds(1))
              + "\"}";

      busy.historyDelay(Duration.ofMillis(300));
      busyClient.send("{\"id\":1" + history);
      busyClient.send("{\"id\":2,\"type\":\"ping\"}");
      busyClient.awaitAnswer(1);

      busy.historyDelay(Duration.ZERO);
      busyClient.send("{\"id\":3" + history);
      busyClient.awaitAnswer(3);
      busyClient.send("{\"id\":4,\"type\":\"ping\"}");
      busyClient.awaitAnswer(4);

      List<Long> order =
          busyClient.messages().stream()
              .filter(m -> m.has("id"))
              .map(m -> m.get("id").longValue())
              .toList();
      assertThat(order).containsExactly(2L, 1L, 3L, 4L);
      assertThatThrownBy(() -> busy.historyDelay(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
