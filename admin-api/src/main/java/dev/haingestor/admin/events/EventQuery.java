package dev.haingestor.admin.events;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.EntityIds;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A validated {@code GET /api/v1/events} request. Every parameter is taken as text and checked
 * here, so a bad value always becomes a 400 naming the parameter (never a binding error or a 500).
 *
 * @param domain the HA domain, e.g. {@code sensor}; always set
 * @param objectId the object id (the {@code entity_id} tag), or {@code null} for the whole domain
 * @param start inclusive lower bound of the event time
 * @param end inclusive upper bound of the event time
 * @param limit the page size
 * @param cursor where this page starts, or {@code null} for the first page
 */
public record EventQuery(
    String domain,
    String objectId,
    Instant start,
    Instant end,
    int limit,
    SortOrder order,
    EventCursor cursor) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  // Same alphabet as HA's domains (homeassistant/core.py VALID_DOMAIN), as in the entity id rule.
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_]{1,64}");

  /**
   * A first page: {@link #parse(String, String, String, String, String, String, String, Instant)}.
   */
  public static EventQuery parse(
      String entityId,
      String domain,
      String start,
      String end,
      String limit,
      String order,
      Instant now) {
    return parse(entityId, domain, start, end, limit, order, null, now);
  }

  /**
   * Validates the raw parameters; blank ones count as absent. With a cursor, the range is the
   * cursor's (the first page's); {@code start} and {@code end} may be repeated or left out.
   *
   * @param now the default {@code end}
   * @throws InvalidParameterException naming the first bad parameter
   */
  public static EventQuery parse(
      String entityId,
      String domain,
      String start,
      String end,
      String limit,
      String order,
      String cursor,
      Instant now) {
    entityId = blankToNull(entityId);
    domain = blankToNull(domain);
    String objectId = null;
    if (entityId != null) {
      if (!EntityIds.isValid(entityId)) {
        throw new InvalidParameterException(
            "entity_id",
            "entity_id must be '<domain>.<object_id>' of lower-case letters, digits and"
                + " underscores, e.g. sensor.living_temp; was "
                + echo(entityId));
      }
      String entityDomain = EntityIds.domain(entityId);
      if (domain != null && !domain.equals(entityDomain)) {
        throw new InvalidParameterException(
            "domain", "domain " + echo(domain) + " contradicts entity_id " + echo(entityId));
      }
      domain = entityDomain;
      objectId = EntityIds.objectId(entityId);
    } else if (domain == null) {
      throw new InvalidParameterException(
          "entity_id", "entity_id or domain is required, e.g. entity_id=sensor.living_temp");
    } else if (!DOMAIN.matcher(domain).matches()) {
      throw new InvalidParameterException(
          "domain",
          "domain must be 1 to 64 lower-case letters, digits or underscores, e.g. sensor; was "
              + echo(domain));
    }
    Instant endTime = end == null || end.isBlank() ? now : instant("end", end);
    Instant startTime =
        start == null || start.isBlank() ? endTime.minus(DEFAULT_WINDOW) : instant("start", start);
    if (startTime.isAfter(endTime)) {
      throw new InvalidParameterException(
          "start", "start " + echo(start) + " is after end " + endTime);
    }
    SortOrder sortOrder = order(order);
    int pageSize = limit(limit);
    if (cursor == null || cursor.isBlank()) {
      return new EventQuery(domain, objectId, startTime, endTime, pageSize, sortOrder, null);
    }
    EventCursor position = EventCursor.decode(cursor);
    if ((start != null && !start.isBlank() && !startTime.equals(position.start()))
        || (end != null && !end.isBlank() && !endTime.equals(position.end()))
        || !position
            .selection()
            .equals(
                EventCursor.selection(
                    domain, objectId, sortOrder, position.start(), position.end()))) {
      throw new InvalidParameterException(
          "cursor",
          "cursor belongs to another query (entity_id, domain, order, start and end must stay"
              + " the same from page to page)");
    }
    return new EventQuery(
        domain, objectId, position.start(), position.end(), pageSize, sortOrder, position);
  }

  /** The cursor digest of this query's selection and range. */
  String selection() {
    return EventCursor.selection(domain, objectId, order, start, end);
  }

  /** {@code domain.object_id}, or {@code null} for a domain-wide query. */
  public String entityId() {
    return objectId == null ? null : domain + "." + objectId;
  }

  private static Instant instant(String parameter, String text) {
    try {
      return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      // An unencoded '+' in a query string arrives as a space.
      String hint = text.contains(" ") ? " (encode '+' in the offset as %2B)" : "";
      throw new InvalidParameterException(
          parameter,
          parameter
              + " must be an ISO-8601 instant with offset, e.g. 2024-05-01T10:00:00Z; was "
              + echo(text)
              + hint);
    }
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidParameterException(
          "limit", "limit must be an integer from 1 to " + MAX_LIMIT + "; was " + echo(text));
    }
    return limit;
  }

  private static SortOrder order(String text) {
    if (text == null || text.isBlank()) {
      return SortOrder.DEFAULT;
    }
    SortOrder order = SortOrder.parse(text.strip());
    if (order == null) {
      throw new InvalidParameterException("order", "order must be asc or desc; was " + echo(text));
    }
    return order;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
