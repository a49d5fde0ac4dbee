package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneConfigTest {

  @Test
  void defaultsToHaPortLoopbackOneEventPerSecondAndAFlaggedDefaultToken() {
    StandaloneConfig config = StandaloneConfig.fromEnvironment(Map.of());

    assertThat(config)
        .isEqualTo(new StandaloneConfig(8123, "sim-token", true, 42, 60, 1.0, "127.0.0.1"));
  }

  @Test
  void readsEveryVariable() {
    StandaloneConfig config =
        StandaloneConfig.fromEnvironment(
            Map.of(
                "SIM_PORT", "9000",
                "SIM_TOKEN", "abc",
                "SIM_SEED", "5",
                "SIM_ENTITIES", "120",
                "SIM_RATE", "2.5",
                "SIM_BIND", "0.0.0.0"));

    assertThat(config).isEqualTo(new StandaloneConfig(9000, "abc", false, 5, 120, 2.5, "0.0.0.0"));
  }

  @Test
  void namesTheVariableThatIsNotANumber() {
    assertThatThrownBy(() -> StandaloneConfig.fromEnvironment(Map.of("SIM_PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SIM_PORT");
    assertThatThrownBy(() -> StandaloneConfig.fromEnvironment(Map.of("SIM_RATE", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SIM_RATE");
  }
}
