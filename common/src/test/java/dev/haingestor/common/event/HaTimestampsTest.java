package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HaTimestampsTest {

  @Test
  void formatsWithSixFractionDigitsAndUtcOffset() {
    assertThat(HaTimestamps.format(Instant.parse("2024-05-01T10:00:00.123400Z")))
        .isEqualTo("2024-05-01T10:00:00.123400+00:00");
  }

  @Test
  void omitsTheFractionWhenMicrosecondsAreZero() {
    assertThat(HaTimestamps.format(Instant.parse("2024-05-01T10:00:00Z")))
        .isEqualTo("2024-05-01T10:00:00+00:00");
  }

  @Test
  void truncatesToMicroseconds() {
    assertThat(HaTimestamps.format(Instant.parse("2024-05-01T10:00:00.000000999Z")))
        .isEqualTo("2024-05-01T10:00:00+00:00");
  }

  @Test
  void parsesBothShapesAndOtherOffsets() {
    assertThat(HaTimestamps.parse("2024-05-01T10:00:00+00:00"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(HaTimestamps.parse("2024-05-01T12:00:00.000001+02:00"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.000001Z"));
  }

  @Test
  void refusesTimestampsWithoutOffset() {
    assertThatThrownBy(() -> HaTimestamps.parse("2024-05-01T10:00:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2024-05-01T10:00:00");
  }

  @Test
  void readsRecorderEpochSecondsExactlyToTheMicrosecond() {
    // 1714557600.123457 is not representable as a double; a double round trip gives ...456.
    assertThat(HaTimestamps.fromEpochSeconds("1714557600.123457"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.123457Z"));
    assertThat(HaTimestamps.fromEpochSeconds("1.714557600123457e9"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.123457Z"));
  }

  @Test
  void convertsEpochMicrosBothWays() {
    Instant instant = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(HaTimestamps.toEpochMicros(instant)).isEqualTo(-1);
    assertThat(HaTimestamps.toInstant(-1)).isEqualTo(instant);
  }
}
