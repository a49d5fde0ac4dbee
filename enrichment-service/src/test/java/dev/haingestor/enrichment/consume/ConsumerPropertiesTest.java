package dev.haingestor.enrichment.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerPropertiesTest {

  @Test
  void backoffDoublesUpToTheMaximum() {
    ConsumerProperties properties =
        new ConsumerProperties(
            1000,
            Duration.ofSeconds(1),
            1,
            Duration.ofSeconds(1),
            5,
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            10,
            Duration.ofSeconds(10),
            10_000,
            2);

    assertThat(properties.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.backoff(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.backoff(1_000)).isEqualTo(Duration.ofSeconds(3));
  }
}
