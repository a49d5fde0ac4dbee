package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.simulator.client.HaTestClient;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventTimesTest {

  @Test
  void formatsTimesAsHaDoesAndKeepsThemStrictlyIncreasing() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-05-01T09:00:00Z"));
    InstantSource clock = now::get;
    try (HaSimulator ha = HaSimulator.builder().clock(clock).build()) {
      now.set(Instant.parse("2024-05-01T10:00:00Z"));

      EmittedEvent whole = ha.emitState("sensor.clock_test", "1", Map.of());
      EmittedEvent next = ha.emitState("sensor.clock_test", "2", Map.of());

      JsonNode wholeEvent = HaTestClient.JSON.readTree(whole.json());
      assertThat(wholeEvent.get("time_fired").stringValue()).isEqualTo("2024-05-01T10:00:00+00:00");
      assertThat(wholeEvent.get("data").get("new_state").get("last_changed").stringValue())
          .isEqualTo("2024-05-01T10:00:00+00:00");
      JsonNode nextEvent = HaTestClient.JSON.readTree(next.json());
      assertThat(nextEvent.get("time_fired").stringValue())
          .as("one microsecond later although the wall clock stood still")
          .isEqualTo("2024-05-01T10:00:00.000001+00:00");
      assertThat(next.timeFired()).isEqualTo(next.newState().lastUpdated());
    }
  }

  @Test
  void keepsLastChangedOnAttributeOnlyChangesAndIncreasesTimeAcrossAllEvents() {
    try (HaSimulator ha = HaSimulator.builder().seed(11).build()) {
      ha.emit(3_000, 1_000_000);

      List<EmittedEvent> events = ha.emitted();
      assertThat(events).hasSize(3_000);
      for (int i = 0; i < events.size(); i++) {
        EmittedEvent event = events.get(i);
        assertThat(event.timeFired()).isEqualTo(event.newState().lastUpdated());
        if (i > 0) {
          assertThat(event.timeFired()).isAfter(events.get(i - 1).timeFired());
        }
        boolean stateChanged = !event.oldState().state().equals(event.newState().state());
        if (stateChanged) {
          assertThat(event.newState().lastChanged()).isEqualTo(event.newState().lastUpdated());
        } else {
          assertThat(event.newState().attributes()).isNotEqualTo(event.oldState().attributes());
          assertThat(event.newState().lastChanged()).isEqualTo(event.oldState().lastChanged());
        }
      }
      assertThat(events)
          .anySatisfy(e -> assertThat(e.oldState().state()).isEqualTo(e.newState().state()));
    }
  }
}
