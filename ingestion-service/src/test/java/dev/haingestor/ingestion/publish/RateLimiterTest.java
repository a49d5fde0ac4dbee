package dev.haingestor.ingestion.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final RateLimiter limiter = new RateLimiter();

  @Test
  void neverWaitsWhenUnlimited() {
    assertThat(limiter.permitted(500, 0)).isEqualTo(500);
    assertThat(limiter.reserve(500, 0, 0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void letsOneSecondOfEventsThroughThenDelaysToTheRate() {
    long now = 10 * SECOND;
    assertThat(limiter.permitted(500, 100)).isEqualTo(100);

    assertThat(limiter.reserve(100, 100, now)).isEqualTo(Duration.ZERO);
    // 100 more at once: one second's worth of tokens is missing.
    assertThat(limiter.reserve(100, 100, now)).isEqualTo(Duration.ofSeconds(1));
    // After the wait plus half a second, 50 tokens are there again.
    assertThat(limiter.reserve(50, 100, now + SECOND + SECOND / 2)).isEqualTo(Duration.ZERO);
  }

  @Test
  void neverPermitsLessThanOneEvent() {
    assertThat(limiter.permitted(500, 1)).isEqualTo(1);
    assertThat(limiter.reserve(1, 1, 0)).isEqualTo(Duration.ZERO);
    assertThat(limiter.reserve(1, 1, 0)).isEqualTo(Duration.ofSeconds(1));
  }
}
