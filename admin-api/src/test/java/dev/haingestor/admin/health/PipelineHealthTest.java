package dev.haingestor.admin.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineHealthTest {

  private static ConsumerGroupHealth group(long pending, Long lag) {
    return new ConsumerGroupHealth("enrichment", 1, pending, lag, "1-0");
  }

  @Test
  void isUpWithinThresholdsAndWithoutDeadLetters() {
    PipelineHealth health = PipelineHealth.evaluate(500, group(1000, 10000L), 0, 1000, 10000);

    assertThat(health.status()).isEqualTo(ComponentStatus.UP);
    assertThat(health.reason()).isNull();
    assertThat(health.streamLength()).isEqualTo(500);
  }

  @Test
  void isDegradedAbovePendingOrLagThreshold() {
    PipelineHealth health = PipelineHealth.evaluate(500, group(1001, 10001L), 0, 1000, 10000);

    assertThat(health.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(health.reason())
        .isEqualTo("1001 pending entries (threshold 1000); lag of 10001 entries (threshold 10000)");
  }

  @Test
  void toleratesAnUnknownLag() {
    assertThat(PipelineHealth.evaluate(5, group(0, null), 0, 10, 10).status())
        .isEqualTo(ComponentStatus.UP);
  }

  @Test
  void isDegradedWithoutConsumerGroup() {
    PipelineHealth health = PipelineHealth.evaluate(0, null, 0, 10, 10);

    assertThat(health.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(health.reason()).isEqualTo("consumer group does not exist");
  }

  @Test
  void readsLagFromEveryRawReplyShape() {
    assertThat(PipelineCheck.lag(7L)).isEqualTo(7L);
    assertThat(PipelineCheck.lag("8")).isEqualTo(8L);
    assertThat(PipelineCheck.lag("9".getBytes())).isEqualTo(9L);
    assertThat(PipelineCheck.lag(null)).isNull();
    assertThat(PipelineCheck.lag("nil?")).isNull();
  }
}
