package dev.haingestor.simulator.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EpochSecondsTest {

  @ParameterizedTest
  @CsvSource({
    "2024-05-01T10:00:00.123456Z, 1714557600.123456",
    "2024-05-01T10:00:00.123450Z, 1714557600.12345",
    "2024-05-01T10:00:00.000001Z, 1714557600.000001",
    "2024-05-01T10:00:00Z, 1714557600.0"
  })
  void writesThePythonFloatOfTheExactMicrosecond(String time, String seconds) {
    Instant instant = Instant.parse(time);

    assertThat(EpochSeconds.format(instant)).isEqualTo(seconds);
    assertThat(HaTimestamps.fromEpochSeconds(seconds)).isEqualTo(instant);
  }
}
