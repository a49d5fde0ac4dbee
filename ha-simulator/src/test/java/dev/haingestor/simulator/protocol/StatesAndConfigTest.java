package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.simulator.client.HaTestClient;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatesAndConfigTest {

  private static HaSimulator ha;

  @BeforeAll
  static void start() {
    ha = HaSimulator.builder().entityCount(60).haState("STARTING").start();
  }

  @AfterAll
  static void stop() {
    ha.close();
  }

  @Test
  void getStatesListsEveryEntityAsAFullState() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      JsonNode states = client.command("get_states").get("result");

      assertThat(states.size()).isEqualTo(60);
      Set<String> domains = new HashSet<>();
      for (JsonNode state : states) {
        domains.add(state.get("entity_id").stringValue().split("\\.")[0]);
        assertThat(state.get("state").isString()).isTrue();
        assertThat(state.get("attributes").get("friendly_name").isString()).isTrue();
        HaTimestamps.parse(state.get("last_changed").stringValue());
        HaTimestamps.parse(state.get("last_reported").stringValue());
        HaTimestamps.parse(state.get("last_updated").stringValue());
        assertThat(state.get("context").get("id").stringValue()).hasSize(26);
      }
      assertThat(domains)
          .contains("sensor", "binary_sensor", "light", "climate", "person", "weather", "switch");
    }
  }

  @Test
  void getConfigReportsLocationUnitsVersionAndTheSettableState() {
    try (HaTestClient client = HaTestClient.authenticated(ha.websocketUri(), ha.token())) {
      JsonNode config = client.command("get_config").get("result");

      assertThat(config.get("latitude").isNumber()).isTrue();
      assertThat(config.get("longitude").isNumber()).isTrue();
      assertThat(config.get("elevation").isNumber()).isTrue();
      assertThat(config.get("unit_system").get("temperature").stringValue()).isEqualTo("°C");
      assertThat(config.get("time_zone").stringValue()).isEqualTo("Europe/Amsterdam");
      assertThat(config.get("version").stringValue()).isEqualTo("2025.11.0");
      assertThat(config.get("location_name").stringValue()).isEqualTo("Home");
      assertThat(config.get("state").stringValue()).isEqualTo("STARTING");

      ha.setHaState("RUNNING");

      assertThat(client.command("get_config").get("result").get("state").stringValue())
          .isEqualTo("RUNNING");
    }
  }
}
