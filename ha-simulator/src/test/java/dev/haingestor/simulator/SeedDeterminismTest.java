package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedDeterminismTest {

  private record Value(String entityId, String state, Map<String, Object> attributes) {}

  private static List<Value> run(long seed) {
    try (HaSimulator ha = HaSimulator.builder().seed(seed).build()) {
      ha.emit(500, 1_000_000);
      return ha.emitted().stream()
          .map(e -> new Value(e.entityId(), e.newState().state(), e.newState().attributes()))
          .toList();
    }
  }

  @Test
  void sameSeedReplaysTheSameEntitiesAndValues() {
    assertThat(run(7)).isEqualTo(run(7));
  }

  @Test
  void anotherSeedGivesAnotherHome() {
    assertThat(run(7)).isNotEqualTo(run(8));
  }
}
