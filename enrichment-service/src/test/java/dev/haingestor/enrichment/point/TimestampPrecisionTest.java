package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampPrecisionTest {

  // HA's precision is the microsecond: 2024-05-01T10:00:00.123456+00:00
  private static final Instant MICROS = Instant.parse("2024-05-01T10:00:00.123456Z");

  @ParameterizedTest
  @CsvSource({"NS,1714557600123456000", "US,1714557600123456", "MS,1714557600123", "S,1714557600"})
  void convertsMicrosecondTimestamp(TimestampPrecision precision, long expected) {
    assertThat(precision.fromInstant(MICROS)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"NS,ns", "US,us", "MS,ms", "S,s"})
  void wireNamesAreInfluxQueryValues(TimestampPrecision precision, String wireName) {
    assertThat(precision.wireName()).isEqualTo(wireName);
  }

  @ParameterizedTest
  @CsvSource({"MS,-1", "S,-1"})
  void truncatesTowardThePastBeforeTheEpoch(TimestampPrecision precision, long expected) {
    assertThat(precision.fromInstant(Instant.parse("1969-12-31T23:59:59.999999Z")))
        .isEqualTo(expected);
  }
}
