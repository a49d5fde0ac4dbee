package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class LiveEventsIT extends IngestionTestBase {

  // HA's protocol-level PING every 300 ms with a 1 s pong deadline: only a client that answers
  // PINGs stays connected.
  static final HaSimulator ha =
      HaSimulator.builder()
          .seed(11)
          .entityCount(40)
          .protocolPingInterval(Duration.ofMillis(300))
          .protocolPongTimeout(Duration.ofSeconds(1))
          .start();

  private static final JsonMapper json = JsonMapper.builder().build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void authenticatesEnablesCoalescingAndSubscribes() {
    awaitSubscribed(ha);

    List<JsonNode> received = ha.receivedMessages().stream().map(json::readTree).toList();
    assertThat(received.get(0).get("type").stringValue()).isEqualTo("auth");
    assertThat(received.get(1))
        .isEqualTo(
            json.readTree(
                "{\"id\":1,\"type\":\"supported_features\",\"features\":{\"coalesce_messages\":1}}"));
    assertThat(received.get(2))
        .isEqualTo(
            json.readTree(
                "{\"id\":2,\"type\":\"subscribe_events\",\"event_type\":\"state_changed\"}"));
    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.haConnection.status")
        .isEqualTo("UP")
        .jsonPath("$.components.haConnection.details.state")
        .isEqualTo("subscribed");
  }

  @Test
  void publishesEveryEmittedEventToTheStreamInOrder() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();

    ha.emit(500, 500);

    List<EmittedEvent> emitted = ha.emitted().subList(before, before + 500);
    await().atMost(WAIT).until(() -> entriesAfter(keys.events(), marker).size() >= 500);
    List<StateChangedEvent> published = eventsAfter(marker);
    assertThat(published).hasSize(500);
    for (int i = 0; i < 500; i++) {
      StateChangedEvent event = published.get(i);
      EmittedEvent expected = emitted.get(i);
      assertThat(event.entityId()).as("entity #%d", i).isEqualTo(expected.entityId());
      assertThat(event.timeFired()).as("time_fired #%d", i).isEqualTo(expected.timeFired());
      assertThat(event.newState()).as("new_state #%d", i).isEqualTo(expected.newState());
      assertThat(event.source()).isEqualTo(EventSource.LIVE);
    }
    assertThat(counter(MetricNames.INGESTION_EVENTS_RECEIVED)).isGreaterThanOrEqualTo(500);
    assertThat(counter(MetricNames.INGESTION_EVENTS_PUBLISHED)).isGreaterThanOrEqualTo(500);
  }

  @Test
  void publishesEveryEventOfACoalescedFrame() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    ArrayNode frame = json.createArrayNode();
    Instant base = Instant.parse("2024-05-01T10:00:00.000001Z");
    for (int i = 0; i < 50; i++) {
      frame.add(event("sensor.burst_" + i, Integer.toString(i), base.plusMillis(i)));
    }

    ha.injectRawFrame(frame.toString());

    await().atMost(WAIT).until(() -> entriesAfter(keys.events(), marker).size() >= 50);
    List<StateChangedEvent> published = eventsAfter(marker);
    assertThat(published)
        .extracting(StateChangedEvent::entityId)
        .containsExactlyElementsOf(
            IntStream.range(0, 50).mapToObj(i -> "sensor.burst_" + i).toList());
    assertThat(published.get(49).timeFired()).isEqualTo(base.plusMillis(49));
  }

  @Test
  void keepsUpWithAFastBurst() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());
    int before = ha.emitted().size();

    ha.emit(2_000, 20_000);

    List<EmittedEvent> emitted = ha.emitted().subList(before, before + 2_000);
    await().atMost(WAIT).until(() -> entriesAfter(keys.events(), marker).size() >= 2_000);
    List<StateChangedEvent> published = eventsAfter(marker);
    assertThat(published)
        .extracting(StateChangedEvent::timeFired)
        .containsExactlyElementsOf(emitted.stream().map(EmittedEvent::timeFired).toList());
  }

  @Test
  void exposesRedisAndConnectionHealthAndPrometheusMetrics() {
    awaitSubscribed(ha);
    ha.emit(5, 100);

    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.redis.status")
        .isEqualTo("UP")
        .jsonPath("$.components.haConnection.details.haState")
        .isEqualTo("RUNNING");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                web.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(
                        body ->
                            assertThat(body)
                                .contains("ha_ingestor_ingestion_events_received_total{")
                                .contains("domain=\"")
                                .contains("ha_ingestor_ingestion_lag_seconds_bucket")
                                .contains("ha_ingestor_ingestion_publish_batch_size")
                                .contains("ha_ingestor_ingestion_frames_total")
                                .contains("ha_ingestor_ingestion_buffer_depth")
                                .contains("ha_ingestor_ingestion_backfill_windows_total")
                                .contains("ha_ingestor_ingestion_checkpoint_age_seconds")
                                .contains("application=\"ingestion-service\"")));
  }

  @Test
  void storesTheCheckpointAfterPublishing() {
    awaitSubscribed(ha);
    ha.emit(10, 200);
    String newest = HaTimestamps.format(ha.emitted().get(ha.emitted().size() - 1).timeFired());

    await()
        .atMost(WAIT)
        .until(() -> newest.equals(redis.opsForValue().get(keys.checkpoint()).block(WAIT)));
  }

  @Test
  void answersHaProtocolPingsAndStaysConnected() {
    awaitSubscribed(ha);
    double reconnects = counter(MetricNames.INGESTION_RECONNECTS);

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(
            () ->
                ha.connectionCount() == 1
                    && counter(MetricNames.INGESTION_RECONNECTS) == reconnects);
  }

  @Test
  void reportsItselfUpInTheHeartbeatHash() {
    awaitSubscribed(ha);
    ha.emit(3, 100);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(heartbeat())
                    .containsEntry(ServiceStatusContract.STATUS, "UP")
                    .containsEntry(ServiceStatusContract.HA_CONNECTION, "subscribed")
                    .containsEntry(
                        ServiceStatusContract.LAST_EVENT_AT,
                        HaTimestamps.format(
                            ha.emitted().get(ha.emitted().size() - 1).timeFired())));
  }

  private static ObjectNode event(String entityId, String state, Instant timeFired) {
    String time = HaTimestamps.format(timeFired);
    ObjectNode message = json.createObjectNode();
    message.put("id", 2);
    message.put("type", "event");
    ObjectNode event = message.putObject("event");
    event.put("event_type", "state_changed");
    event.put("time_fired", time);
    ObjectNode data = event.putObject("data");
    data.put("entity_id", entityId);
    data.putNull("old_state");
    ObjectNode newState = data.putObject("new_state");
    newState.put("entity_id", entityId);
    newState.put("state", state);
    newState.putObject("attributes");
    newState.put("last_changed", time);
    newState.put("last_updated", time);
    return message;
  }
}
