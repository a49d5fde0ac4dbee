package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MalformedFramesIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(3).start();

  private static final String NOT_JSON = "{\"id\":2,\"type\":\"event\",\"event\":{";
  private static final String NUMERIC_STATE =
      """
      {"id":2,"type":"event","event":{"event_type":"state_changed",
       "time_fired":"2024-05-01T10:00:00.000001+00:00","data":{"entity_id":"sensor.x",
       "old_state":null,"new_state":{"entity_id":"sensor.x","state":21.5,"attributes":{},
       "last_changed":"2024-05-01T10:00:00.000001+00:00",
       "last_updated":"2024-05-01T10:00:00.000001+00:00"}}}}""";
  private static final String BAD_TIMESTAMP =
      """
      {"id":2,"type":"event","event":{"event_type":"state_changed",
       "time_fired":"2024-05-01 at noon","data":{"entity_id":"sensor.x","old_state":null,
       "new_state":null}}}""";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void deadLettersMalformedFramesAndKeepsTheConnection() {
    awaitSubscribed(ha);
    String deadMarker = lastId(keys.deadLetters());
    String eventMarker = lastId(keys.events());

    ha.injectRawFrame(NOT_JSON);
    ha.injectRawFrame(NUMERIC_STATE);
    ha.injectRawFrame(BAD_TIMESTAMP);
    EmittedEvent valid = ha.emitState("sensor.after_garbage", "42", Map.of("unit", "W"));

    await().atMost(WAIT).until(() -> entriesAfter(keys.deadLetters(), deadMarker).size() >= 3);
    List<Map<String, String>> deadLetters = entriesAfter(keys.deadLetters(), deadMarker);
    assertThat(deadLetters)
        .extracting(entry -> entry.get(StreamFields.REASON))
        .containsExactly("invalid_json", "state_not_string", "invalid_timestamp");
    assertThat(deadLetters)
        .extracting(entry -> entry.get(StreamFields.RAW))
        .containsExactly(NOT_JSON, NUMERIC_STATE, BAD_TIMESTAMP);
    assertThat(deadLetters)
        .allSatisfy(
            entry -> {
              assertThat(entry).containsEntry(StreamFields.STAGE, "ingestion");
              assertThat(entry.get(StreamFields.DETAIL)).isNotBlank();
              assertThat(entry.get(StreamFields.FAILED_AT)).isNotBlank();
            });
    assertThat(rejected("invalid_json")).isEqualTo(1);
    assertThat(rejected("state_not_string")).isEqualTo(1);
    assertThat(rejected("invalid_timestamp")).isEqualTo(1);

    await().atMost(WAIT).until(() -> !eventsAfter(eventMarker).isEmpty());
    List<StateChangedEvent> events = eventsAfter(eventMarker);
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.entityId()).isEqualTo("sensor.after_garbage");
              assertThat(event.timeFired()).isEqualTo(valid.timeFired());
              assertThat(event.newState().state()).isEqualTo("42");
            });
    assertThat(ha.connectionCount()).isEqualTo(1);
  }

  /**
   * Acceptance: a 1 MB attribute, NaN as null, unknown message types, a missing field → each
   * counted and dead-lettered or ignored as appropriate; the connection stays up; good events
   * around them all arrive.
   */
  @Test
  void handlesHugeAttributesNullsUnknownTypesAndMissingFieldsWithoutLosingTheConnection() {
    awaitSubscribed(ha);
    String deadMarker = lastId(keys.deadLetters());
    String eventMarker = lastId(keys.events());
    double ignoredBefore = counter(MetricNames.INGESTION_MESSAGES_IGNORED);
    double missingBefore = rejected("missing_field");

    EmittedEvent first = ha.emitState("sensor.before_oddities", "1", Map.of());
    EmittedEvent huge =
        ha.emitState("sensor.huge_attributes", "2", Map.of("blob", "x".repeat(1024 * 1024)));
    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("reading", null); // HA sends NaN/Infinity attributes as JSON null
    EmittedEvent nan = ha.emitState("sensor.nan_attribute", "3", withNull);
    ha.injectRawFrame("{\"id\":2,\"type\":\"brand_new_message_type\",\"payload\":[1,2]}");
    ha.injectRawFrame(
        "[{\"type\":\"another_new_type\"},{\"id\":2,\"type\":\"event\",\"event\":"
            + "{\"event_type\":\"state_changed\",\"time_fired\":"
            + "\"2024-05-01T10:00:00+00:00\"}}]");
    EmittedEvent last = ha.emitState("sensor.after_oddities", "4", Map.of());

    await().atMost(WAIT).until(() -> eventsAfter(eventMarker).size() >= 4);
    List<StateChangedEvent> events = eventsAfter(eventMarker);
    assertThat(events)
        .extracting(StateChangedEvent::entityId)
        .containsExactly(first.entityId(), huge.entityId(), nan.entityId(), last.entityId());
    assertThat(events.get(1).newState().attributes().get("blob").toString()).hasSize(1024 * 1024);
    assertThat(events.get(2).newState().attributes())
        .containsEntry("reading", null)
        .isEqualTo(nan.newState().attributes());
    await().atMost(WAIT).until(() -> entriesAfter(keys.deadLetters(), deadMarker).size() >= 1);
    assertThat(entriesAfter(keys.deadLetters(), deadMarker))
        .singleElement()
        .satisfies(entry -> assertThat(entry).containsEntry(StreamFields.REASON, "missing_field"));
    assertThat(rejected("missing_field")).isEqualTo(missingBefore + 1);
    assertThat(counter(MetricNames.INGESTION_MESSAGES_IGNORED)).isEqualTo(ignoredBefore + 2);
    assertThat(ha.connectionCount()).isEqualTo(1);
  }

  @Test
  void publishesRemovalsAsEventsWithoutNewState() {
    awaitSubscribed(ha);
    String marker = lastId(keys.events());

    ha.injectRawFrame(
        """
        {"id":2,"type":"event","event":{"event_type":"state_changed",
         "time_fired":"2024-05-01T10:00:00+00:00","data":{"entity_id":"sensor.removed",
         "old_state":null,"new_state":null}}}""");

    await().atMost(WAIT).until(() -> !eventsAfter(marker).isEmpty());
    assertThat(eventsAfter(marker))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.entityId()).isEqualTo("sensor.removed");
              assertThat(event.isRemoval()).isTrue();
            });
  }

  private double rejected(String reason) {
    return meters
        .get(MetricNames.INGESTION_EVENTS_REJECTED)
        .tag(MetricNames.REASON_TAG, reason)
        .counter()
        .count();
  }
}
