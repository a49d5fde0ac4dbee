package dev.haingestor.simulator.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonDateTimesTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  @ParameterizedTest
  @CsvSource({
    "2024-05-01T10:00:00+00:00, 2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.5+02:00, 2024-05-01T08:00:00.5Z",
    "2024-05-01 10:00:00Z, 2024-05-01T10:00:00Z",
    "2024-05-01T12:00:00, 2024-05-01T10:00:00Z",
    "2024-05-01, 2024-04-30T22:00:00Z"
  })
  void parsesWhatHaParsesWithNaiveTimesInHasTimeZone(String text, String expected) {
    assertThat(PythonDateTimes.parse(text, AMSTERDAM)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2024-13-01T00:00:00", "1714557600"})
  void rejectsEverythingElse(String text) {
    assertThat(PythonDateTimes.parse(text, AMSTERDAM)).isEmpty();
  }
}
