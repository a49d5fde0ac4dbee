package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The census of fired events does not depend on how many the bounded history keeps. */
class FiredCountTest {

  @Test
  void countsEveryFiredEventBeyondTheHistorysCapacity() {
    try (HaSimulator small = HaSimulator.builder().seed(7).historyCapacity(5).start();
        HaSimulator large = HaSimulator.builder().seed(7).historyCapacity(1_000).start()) {
      small.emit(200, 10_000);
      large.emit(200, 10_000);

      assertThat(large.firedCount()).isEqualTo(large.emitted().size()).isGreaterThan(100);
      assertThat(small.emitted()).hasSize(5);
      assertThat(small.firedCount()).isEqualTo(large.firedCount());
    }
  }
}
