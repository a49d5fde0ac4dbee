package dev.haingestor.simulator.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Optional;

/**
 * HA's {@code dt_util.parse_datetime} followed by {@code as_utc}: ISO 8601 with {@code T} or a
 * space, with or without fraction and offset ({@code Z} too), or a bare date; a time without offset
 * is in HA's configured time zone. Anything else is not a time.
 */
final class PythonDateTimes {

  private static final DateTimeFormatter LENIENT_ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  private PythonDateTimes() {}

  static Optional<Instant> parse(String text, ZoneId localZone) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    try {
      var parsed = LENIENT_ISO.parseBest(trimmed, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime offset) {
        return Optional.of(offset.toInstant());
      }
      return Optional.of(((LocalDateTime) parsed).atZone(localZone).toInstant());
    } catch (DateTimeException notADateTime) {
      // ciso8601 also takes a bare date as midnight.
      try {
        return Optional.of(LocalDate.parse(trimmed).atStartOfDay(localZone).toInstant());
      } catch (DateTimeException notADate) {
        return Optional.empty();
      }
    }
  }
}
