package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(60);

  @Test
  void doublesFromTheMinimumUpToTheMaximumWithoutJitter() {
    ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, () -> 0.0);

    assertThat(delays(backoff, 9))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
  }

  @Test
  void staysWithinBoundsForAnyRandomValueAndAnyNumberOfFailures() {
    Random random = new Random(42);
    ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, random::nextDouble);

    for (int i = 0; i < 1_000; i++) {
      assertThat(backoff.nextDelay()).isBetween(MIN, MAX);
    }
    assertThat(backoff.delay(Integer.MAX_VALUE, 0.999)).isBetween(MIN, MAX);
  }

  @Test
  void jitterTakesUpToHalfOfTheDelay() {
    ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, () -> 0.0);

    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(6));
    assertThat(backoff.delay(3, 0.9999)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(backoff.delay(10, 0.9999)).isBetween(Duration.ofSeconds(30), MAX);
  }

  @Test
  void spreadsDelaysOfTheSameAttempt() {
    Random random = new Random(7);
    Set<Duration> delays = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, random::nextDouble);
      backoff.nextDelay();
      backoff.nextDelay();
      delays.add(backoff.nextDelay());
    }
    assertThat(delays).hasSizeGreaterThan(10);
  }

  @Test
  void resetStartsOverAtTheMinimum() {
    ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, () -> 0.0);
    delays(backoff, 5);
    assertThat(backoff.failures()).isEqualTo(5);

    backoff.reset();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.nextDelay()).isEqualTo(MIN);
  }

  @Test
  void refusesAnEmptyOrInvertedRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReconnectBackoff(Duration.ZERO, MAX, () -> 0.0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReconnectBackoff(MAX, MIN, () -> 0.0));
  }

  private static List<Duration> delays(ReconnectBackoff backoff, int count) {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(backoff.nextDelay());
    }
    return delays;
  }
}
