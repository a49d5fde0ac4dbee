package dev.haingestor.ingestion.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeChunkTest {

  private static final Duration CONFIGURED = Duration.ofMinutes(15);
  // Answers aimed at: an eighth of the frame limit.
  private static final long FRAME_LIMIT = 8_000_000;
  private static final long TARGET = FRAME_LIMIT / 8;

  private final TimeChunk chunk = new TimeChunk(CONFIGURED, FRAME_LIMIT);

  @Test
  void startsAtTheConfiguredSpan() {
    assertThat(chunk.current()).isEqualTo(CONFIGURED);
  }

  @Test
  void scalesToTheDensityOfALargeAnswer() {
    // 15 minutes gave four times the target: the next span is a quarter of it.
    assertThat(chunk.answered(CONFIGURED, 4 * TARGET)).isEqualTo(Duration.ofSeconds(225));
  }

  @Test
  void growsAtMostTwofoldPerSpanAndNeverBeyondTheConfiguredSpan() {
    chunk.answered(CONFIGURED, 100 * TARGET); // 9 s
    assertThat(chunk.current()).isEqualTo(Duration.ofSeconds(9));

    assertThat(chunk.answered(Duration.ofSeconds(9), 0)).isEqualTo(Duration.ofSeconds(18));
    assertThat(chunk.answered(Duration.ofSeconds(18), TARGET / 100))
        .isEqualTo(Duration.ofSeconds(36));
    for (int i = 0; i < 10; i++) {
      chunk.answered(chunk.current(), TARGET / 100);
    }
    assertThat(chunk.current()).isEqualTo(CONFIGURED);
  }

  @Test
  void aShortSpanAtAWindowsEndWithASmallAnswerDoesNotShrinkIt() {
    assertThat(chunk.answered(Duration.ofSeconds(3), TARGET / 10)).isEqualTo(CONFIGURED);
  }

  @Test
  void halvesTheSpanAskedForWhenTheConnectionIsLost() {
    // A window of 6 s asked in one piece (shorter than the span): the next asks 3 s, not 7.5 min.
    assertThat(chunk.lost(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(3));
    assertThat(chunk.lost(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void neverGoesBelowItsFloor() {
    chunk.lost(Duration.ofMillis(150));
    assertThat(chunk.current()).isEqualTo(TimeChunk.MIN);
    assertThat(chunk.answered(TimeChunk.MIN, 1_000 * TARGET)).isEqualTo(TimeChunk.MIN);
  }
}
