package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceNameTest {

  @Test
  void configuredNameWins() {
    assertThat(InstanceName.resolve(" enrichment-1 ", Map.of("HOSTNAME", "pod-7"), () -> "host"))
        .isEqualTo(new InstanceName("enrichment-1"));
  }

  @Test
  void hostnameVariableIsTheDefault() {
    assertThat(InstanceName.resolve("", Map.of("HOSTNAME", "pod-7"), () -> "host"))
        .isEqualTo(new InstanceName("pod-7"));
  }

  @Test
  void machineHostNameWhenNoVariable() {
    assertThat(InstanceName.resolve(null, Map.of(), () -> "nas"))
        .isEqualTo(new InstanceName("nas"));
  }

  @Test
  void uniqueNameOnlyWhenTheMachineHasNone() {
    assertThat(InstanceName.resolve(null, Map.of(), () -> null).value()).startsWith("enrichment-");
  }
}
