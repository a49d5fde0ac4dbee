package dev.haingestor.admin.history;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.EntityIds;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated history request. {@code start} and {@code end} are kept as given: absent ones are
 * resolved against the clock when the query runs ({@link #resolve}), so that the cache key of a
 * dashboard's "last 24 hours" stays the same from one poll to the next.
 *
 * @param entityId the entity
 * @param start the absolute start, or {@code null} for {@code end − 24 h}
 * @param end the absolute end, or {@code null} for now
 * @param every the bucket length given, or {@code null} to choose one
 * @param fn the aggregation given, or {@code null} (mean when aggregating)
 */
record HistoryQuery(String entityId, Instant start, Instant end, Duration every, Aggregation fn) {

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  private static final Pattern EVERY = Pattern.compile("([1-9][0-9]{0,6})([smhd])");

  /** Round bucket lengths for an automatic {@code every}, shortest first. */
  private static final List<Duration> NICE_BUCKETS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7));

  /**
   * @param now to check a start given without an end
   * @throws InvalidParameterException naming the first bad parameter
   */
  static HistoryQuery parse(
      String entityId,
      String start,
      String end,
      String every,
      String fn,
      Instant now,
      HistoryProperties limits) {
    if (!EntityIds.isValid(entityId)) {
      throw new InvalidParameterException(
          "entity_id",
          "entity_id must be '<domain>.<object_id>' of lower-case letters, digits and"
              + " underscores, e.g. sensor.living_temp; was "
              + echo(entityId));
    }
    Instant endTime = isBlank(end) ? null : instant("end", end);
    Instant startTime = isBlank(start) ? null : instant("start", start);
    Instant effectiveEnd = endTime != null ? endTime : now;
    Instant effectiveStart = startTime != null ? startTime : effectiveEnd.minus(DEFAULT_RANGE);
    if (!effectiveStart.isBefore(effectiveEnd)) {
      throw new InvalidParameterException(
          "start", "start must be before end (" + effectiveEnd + "); was " + effectiveStart);
    }
    Duration range = Duration.between(effectiveStart, effectiveEnd);
    if (range.compareTo(limits.maxRange()) > 0) {
      throw new InvalidParameterException(
          "start",
          "the range from start to end must be at most "
              + limits.maxRange().toDays()
              + " days (ADMIN_HISTORY_MAX_RANGE)");
    }
    Duration bucket = isBlank(every) ? null : every(every);
    if (bucket != null) {
      long points = ceilDiv(range, bucket);
      if (points > limits.maxPoints()) {
        throw new InvalidParameterException(
            "every",
            "every="
                + every.strip()
                + " gives "
                + points
                + " points over the range, more than "
                + limits.maxPoints()
                + "; use every of at least "
                + Math.max(1, ceilDivSeconds(range, limits.maxPoints()))
                + "s or a shorter range");
      }
    }
    Aggregation aggregation = null;
    if (!isBlank(fn)) {
      aggregation = Aggregation.parse(fn.strip());
      if (aggregation == null) {
        throw new InvalidParameterException(
            "fn", "fn must be one of mean, min, max, last, count; was " + echo(fn));
      }
    }
    return new HistoryQuery(entityId, startTime, endTime, bucket, aggregation);
  }

  /** The absolute range and the plan, against the current time. */
  Resolved resolve(Instant now, HistoryProperties limits) {
    Instant effectiveEnd = end != null ? end : now;
    Instant effectiveStart = start != null ? start : effectiveEnd.minus(DEFAULT_RANGE);
    Duration range = Duration.between(effectiveStart, effectiveEnd);
    boolean raw = every == null && fn == null && range.compareTo(limits.rawMaxRange()) <= 0;
    Duration bucket =
        every != null
            ? every
            : autoBucket(range, Math.min(limits.autoPoints(), limits.maxPoints()));
    return new Resolved(
        effectiveStart, effectiveEnd, raw, bucket, fn != null ? fn : Aggregation.DEFAULT);
  }

  /**
   * @param raw the stored points are wanted (they may still be downsampled if too many)
   * @param every the bucket when downsampling
   */
  record Resolved(Instant start, Instant end, boolean raw, Duration every, Aggregation fn) {}

  /** The smallest round bucket giving at most {@code points} buckets over {@code range}. */
  static Duration autoBucket(Duration range, int points) {
    for (Duration bucket : NICE_BUCKETS) {
      if (ceilDiv(range, bucket) <= points) {
        return bucket;
      }
    }
    return Duration.ofSeconds(Math.max(1, ceilDivSeconds(range, points)));
  }

  private static long ceilDiv(Duration range, Duration bucket) {
    long rangeNanos = range.toNanos();
    long bucketNanos = bucket.toNanos();
    return (rangeNanos + bucketNanos - 1) / bucketNanos;
  }

  private static long ceilDivSeconds(Duration range, long parts) {
    return (range.toSeconds() + parts - 1) / parts;
  }

  private static Duration every(String text) {
    Matcher matcher = EVERY.matcher(text.strip());
    if (!matcher.matches()) {
      throw new InvalidParameterException(
          "every",
          "every must be a whole number with unit s, m, h or d, e.g. 5m; was " + echo(text));
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static Instant instant(String parameter, String text) {
    try {
      return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      String hint = text.contains(" ") ? " (encode '+' in the offset as %2B)" : "";
      throw new InvalidParameterException(
          parameter,
          parameter
              + " must be an ISO-8601 instant with offset, e.g. 2024-05-01T10:00:00Z; was "
              + echo(text)
              + hint);
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
