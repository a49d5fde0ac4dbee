package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
  void refusesInstantsThatHaFormatCannotWrite() {
    for (String text :
        List.of(
            "+10000-01-01T00:00:00+00:00",
            "9999-12-31T23:00:00-01:00",
            "0000-01-01T00:30:00+01:00",
            "+999999999-12-31T23:59:59-18:00")) {
      assertThatThrownBy(() -> HaTimestamps.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0000 to 9999");
    }
    Instant latest = HaTimestamps.parse("9999-12-31T23:59:59.999999+00:00");
    assertThat(HaTimestamps.parse(HaTimestamps.format(latest))).isEqualTo(latest);
    Instant earliest = HaTimestamps.parse("0000-01-01T00:00:00+00:00");
    assertThat(HaTimestamps.format(earliest)).isEqualTo("0000-01-01T00:00:00+00:00");
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

  @Test
  void fastPathAgreesWithTheIsoFormatter() {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    String[] offsets = {"+00:00", "Z", "-05:30", "+14:00", "+18:00", "+18:01", "-19:00", "+0000"};
    String[] fractions = {"", ".1", ".123", ".123456", ".123456789", ".1234567890", ".", ".12a"};
    for (int i = 0; i < 2_000; i++) {
      long second = random.nextLong(-62_000_000_000L, 253_000_000_000L);
      String local =
          LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC)
              .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
      texts.add(local + fractions[random.nextInt(fractions.length)] + offsets[i % offsets.length]);
    }
    texts.addAll(
        List.of(
            "2024-02-29T10:00:00+00:00",
            "2023-02-29T10:00:00+00:00",
            "2024-04-31T10:00:00+00:00",
            "2024-13-01T10:00:00+00:00",
            "2024-00-01T10:00:00+00:00",
            "2024-05-00T10:00:00+00:00",
            "2024-05-01T24:00:00+00:00",
            "2024-05-01T23:60:00+00:00",
            "2024-05-01T23:59:60+00:00",
            "2024-05-01t10:00:00+00:00",
            "2024-05-01T10:00:00z",
            "2024-05-01T10:00+00:00",
            "2024-05-01T10:00:00+00:00:00",
            "+2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00 +00:00",
            "2024-05-01T10:00:00+0a:00",
            "２024-05-01T10:00:00+00:00"));
    for (String text : texts) {
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeException e) {
        assertThatThrownBy(() -> HaTimestamps.parse(text))
            .as(text)
            .isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      assertThat(HaTimestamps.parse(text)).as(text).isEqualTo(expected);
    }
  }

  @Test
  void handWrittenFormatAgreesWithTheFormatter() {
    DateTimeFormatter withMicros = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    DateTimeFormatter withoutFraction = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_000_000_000L),
              i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
      OffsetDateTime utc = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
      String expected = utc.getNano() == 0 ? withoutFraction.format(utc) : withMicros.format(utc);
      assertThat(HaTimestamps.format(instant)).as(instant.toString()).isEqualTo(expected);
      assertThat(HaTimestamps.parse(expected)).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
    }
  }
}
