package dev.haingestor.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTest {

  private final EventCodec codec = new EventCodec(JsonMapper.builder().build());

  @Test
  void roundTripsAnEventWithNestedAttributes() {
    Instant updated = Instant.parse("2024-05-01T10:00:00.123456Z");
    HaState state =
        new HaState(
            "light.kitchen",
            "on",
            Map.of("brightness", 128, "rgb_color", List.of(255, 10, 0), "friendly_name", "Kitchen"),
            Instant.parse("2024-05-01T09:00:00Z"),
            updated);
    StateChangedEvent event =
        new StateChangedEvent(
            "light.kitchen",
            updated,
            state,
            EventSource.BACKFILL,
            Instant.parse("2024-05-01T10:00:01Z"));

    Map<String, String> fields = codec.encode(event);

    assertThat(fields)
        .containsEntry(StreamFields.SCHEMA_VERSION, "1")
        .containsEntry(StreamFields.SOURCE, "backfill")
        .containsEntry(StreamFields.TIME_FIRED, "2024-05-01T10:00:00.123456+00:00");
    assertThat(fields.keySet()).containsExactlyElementsOf(StreamFields.EVENT_ENTRY);
    assertThat(codec.decode(fields)).isEqualTo(event);
  }

  @Test
  void encodesARemovalWithoutNewState() {
    StateChangedEvent removal =
        new StateChangedEvent(
            "sensor.gone",
            Instant.parse("2024-05-01T10:00:00Z"),
            null,
            EventSource.LIVE,
            Instant.EPOCH);

    Map<String, String> fields = codec.encode(removal);

    assertThat(fields).doesNotContainKey(StreamFields.NEW_STATE);
    assertThat(codec.decode(fields).isRemoval()).isTrue();
  }

  @Test
  void refusesUnknownVersionsWithAReason() {
    Map<String, String> fields =
        new HashMap<>(
            codec.encode(
                new StateChangedEvent(
                    "sensor.a", Instant.EPOCH, null, EventSource.LIVE, Instant.EPOCH)));
    fields.put(StreamFields.SCHEMA_VERSION, "99");

    assertThatThrownBy(() -> codec.decode(fields))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNSUPPORTED_SCHEMA_VERSION));
  }

  @Test
  void refusesAStateThatIsNotAString() {
    Map<String, String> fields =
        new HashMap<>(
            codec.encode(
                new StateChangedEvent(
                    "sensor.a", Instant.EPOCH, null, EventSource.LIVE, Instant.EPOCH)));
    fields.put(
        StreamFields.NEW_STATE,
        "{\"entity_id\":\"sensor.a\",\"state\":21.5,\"last_updated\":\"2024-05-01T10:00:00+00:00\"}");

    assertThatThrownBy(() -> codec.decode(fields))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.STATE_NOT_STRING));
  }

  @Test
  void anEntryCountsTheFieldsItPasses() {
    Instant fired = Instant.parse("2024-05-01T10:00:00Z");
    StreamEntry withState = codec.entry("sensor.a", fired, EventSource.LIVE, 1, "{}");
    StreamEntry removal = codec.entry("sensor.a", fired, EventSource.LIVE, 1, null);

    // A writer sends size() before the fields: a wrong count would corrupt the command.
    assertThat(withState.size()).isEqualTo(withState.toMap().size()).isEqualTo(6);
    assertThat(removal.size()).isEqualTo(removal.toMap().size()).isEqualTo(5);
  }
}
