package dev.haingestor.ingestion.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EncodedEventTest {

  private static final Instant FIRED = Instant.parse("2026-11-24T17:00:00.123456Z");
  private static final Instant READ = Instant.parse("2026-11-24T17:00:00.125001Z");

  private final EventCodec codec = new EventCodec(JsonMapper.builder().build());

  @Test
  void makesTheSameEntryAsEncodingTheEventWhole() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("unit_of_measurement", "°C");
    attributes.put("friendly_name", "Küche \"Nord\"");
    attributes.put("readings", List.of(1.5, 2, Map.of("nested", true)));
    attributes.put("missing", null);
    HaState state =
        new HaState("sensor.kitchen", "21.5", attributes, FIRED.minusSeconds(60), FIRED);
    StateChangedEvent event =
        new StateChangedEvent("sensor.kitchen", FIRED, state, EventSource.LIVE, READ);

    Map<String, String> fields = EncodedEvent.of(event, codec).entry(codec).toMap();

    assertThat(fields).containsExactlyEntriesOf(codec.encode(event));
    assertThat(codec.decode(fields)).isEqualTo(event);
  }

  @Test
  void keepsARemovalWithoutANewState() {
    StateChangedEvent removal =
        new StateChangedEvent("light.gone", FIRED, null, EventSource.LIVE, READ);

    EncodedEvent encoded = EncodedEvent.of(removal, codec);

    assertThat(encoded.newState()).isNull();
    assertThat(encoded.entry(codec).toMap()).containsExactlyEntriesOf(codec.encode(removal));
  }

  @Test
  void holdsOnlyLiveEvents() {
    StateChangedEvent backfilled =
        new StateChangedEvent("light.hall", FIRED, null, EventSource.BACKFILL, READ);

    assertThatThrownBy(() -> EncodedEvent.of(backfilled, codec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("live");
  }
}
