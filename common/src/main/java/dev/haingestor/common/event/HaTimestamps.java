package dev.haingestor.common.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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

  /** The range HA's format can express: four-digit years, UTC. */
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
    Instant instant = parseCommonShape(text);
    if (instant == null) {
      try {
        instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "not an ISO-8601 timestamp with offset: " + abbreviate(text), e);
      }
    }
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      // ISO allows years beyond 9999; HA's format (and every store downstream) does not.
      throw new IllegalArgumentException(
          "timestamp outside the years 0000 to 9999 UTC: " + abbreviate(text));
    }
    return instant;
  }

  /**
   * The shape HA writes, {@code uuuu-MM-ddTHH:mm:ss[.f…]} with {@code +HH:MM}, {@code -HH:MM} or
   * {@code Z}, read without a formatter (which costs microseconds per call, and every event has two
   * or three timestamps). Returns null for anything else, including out-of-range fields, which
   * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} then parses or rejects with its own message.
   */
  private static Instant parseCommonShape(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
      }
      int length = i - start;
      if (length < 1 || length > 9) {
        return null;
      }
      nanos = digits(t, start, length);
      for (int k = length; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && t.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int offsetHours = digits(t, i + 1, 2);
      int offsetMinutes = digits(t, i + 4, 2);
      if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
      if (offsetSeconds > 18 * 3600) {
        return null;
      }
      if (t.charAt(i) == '-') {
        offsetSeconds = -offsetSeconds;
      }
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** The number written with {@code length} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Formats as HA does: UTC, {@code +00:00}, six fraction digits unless microseconds are 0. */
  public static String format(Instant instant) {
    return formatTo(new StringBuilder(32), instant).toString();
  }

  /** Appends the instant as {@link #format} writes it. */
  public static StringBuilder formatTo(StringBuilder text, Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      OffsetDateTime utc = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
      return text.append(
          utc.getNano() == 0 ? WITHOUT_FRACTION.format(utc) : WITH_MICROS.format(utc));
    }
    long epochSecond = instant.getEpochSecond();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int year = date.getYear();
    // By hand: the formatter costs microseconds per call, on every event.
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    int micros = instant.getNano() / 1_000;
    pad(text, year, 1_000).append('-');
    pad(text, date.getMonthValue(), 10).append('-');
    pad(text, date.getDayOfMonth(), 10).append('T');
    pad(text, secondOfDay / 3600, 10).append(':');
    pad(text, secondOfDay / 60 % 60, 10).append(':');
    pad(text, secondOfDay % 60, 10);
    if (micros != 0) {
      pad(text.append('.'), micros, 100_000);
    }
    return text.append("+00:00");
  }

  /** Appends {@code value} with leading zeros, {@code scale} being its highest digit's place. */
  private static StringBuilder pad(StringBuilder text, int value, int scale) {
    for (int place = scale; place > 0; place /= 10) {
      text.append((char) ('0' + value / place % 10));
    }
    return text;
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
