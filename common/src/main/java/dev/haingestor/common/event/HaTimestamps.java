package dev.haingestor.common.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Home Assistant's timestamp format: Python's {@code datetime.isoformat()} of an aware UTC
 * datetime, e.g. {@code 2024-05-01T10:00:00.123456+00:00}. The fraction is omitted when
 * microseconds are 0, so parsing must accept both shapes; HA's precision is the microsecond.
 */
public final class HaTimestamps {

  private static final DateTimeFormatter WITH_MICROS =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendOffset("+HH:MM", "+00:00")
          .toFormatter();

  private static final DateTimeFormatter WITHOUT_FRACTION =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

  private HaTimestamps() {}

  /**
   * Parses an ISO-8601 timestamp with offset, with or without a fraction.
   *
   * @throws IllegalArgumentException if the text is not such a timestamp
   */
  public static Instant parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("timestamp is missing");
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "not an ISO-8601 timestamp with offset: " + abbreviate(text), e);
    }
  }

  /** Formats as HA does: UTC, {@code +00:00}, six fraction digits unless microseconds are 0. */
  public static String format(Instant instant) {
    OffsetDateTime utc = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    return utc.getNano() == 0 ? WITHOUT_FRACTION.format(utc) : WITH_MICROS.format(utc);
  }

  /**
   * Converts the recorder's epoch-seconds number (history {@code lu}/{@code lc}) to the exact
   * microsecond instant of the live event, reading the decimal text rather than a binary double.
   */
  public static Instant fromEpochSeconds(String decimalSeconds) {
    try {
      BigDecimal micros =
          new BigDecimal(decimalSeconds)
              .multiply(MICROS_PER_SECOND)
              .setScale(0, RoundingMode.HALF_EVEN);
      return toInstant(micros.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "not an epoch-seconds number: " + abbreviate(decimalSeconds), e);
    }
  }

  /** Microseconds since the epoch, InfluxDB's {@code us} precision and HA's own precision. */
  public static long toEpochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  public static Instant toInstant(long epochMicros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
