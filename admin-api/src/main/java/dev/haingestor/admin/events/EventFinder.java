package dev.haingestor.admin.events;

import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.common.schema.HaSchema;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds stored events in InfluxDB with one InfluxQL statement across all measurements (HA's schema
 * names measurements by unit, so an entity's points can be in several), one page at a time.
 *
 * <p>Every value from the request is a bind parameter ({@code $domain}, {@code $object_id}, {@code
 * $start}, {@code $end}, the cursor's {@code $position}); the only number in the text is the limit
 * computed from validated values. {@code LIMIT} applies per series, i.e. per measurement, so the
 * rows are merged, sorted and cut to the page again afterwards.
 */
@Component
class EventFinder {

  private final InfluxQlClient influx;

  EventFinder(InfluxQlClient influx) {
    this.influx = influx;
  }

  Mono<EventPage> find(EventQuery query) {
    return influx
        .query(statement(query), parameters(query))
        .map(series -> page(query, EventMapper.sorted(series, query.order())));
  }

  /**
   * The page after the query's cursor: the rows at or before the cursor position (returned by
   * earlier pages; the statement includes the cursor's time itself) are dropped, then {@code limit}
   * are taken; one more row means there is a next page.
   */
  static EventPage page(EventQuery query, List<EventMapper.TimedEvent> sorted) {
    EventCursor cursor = query.cursor();
    List<EventMapper.TimedEvent> remaining = sorted;
    if (cursor != null) {
      Comparator<EventMapper.TimedEvent> order = EventMapper.order(query.order());
      EventMapper.TimedEvent position =
          new EventMapper.TimedEvent(
              cursor.time(),
              new Event(cursor.entityId(), null, cursor.measurement(), null, null, Map.of()));
      remaining = sorted.stream().filter(e -> order.compare(e, position) > 0).toList();
    }
    List<EventMapper.TimedEvent> page =
        remaining.subList(0, Math.min(query.limit(), remaining.size()));
    String next = null;
    if (remaining.size() > page.size()) {
      EventMapper.TimedEvent last = page.get(page.size() - 1);
      int atTime = (int) page.stream().filter(e -> e.time().equals(last.time())).count();
      if (cursor != null && cursor.time().equals(last.time())) {
        atTime += cursor.atTime();
      }
      next =
          new EventCursor(
                  query.start(),
                  query.end(),
                  query.selection(),
                  last.time(),
                  last.event().entityId() == null ? "" : last.event().entityId(),
                  last.event().measurement(),
                  atTime)
              .encode();
    }
    List<Event> events = page.stream().map(EventMapper.TimedEvent::event).toList();
    return new EventPage(events, events.size(), next);
  }

  /**
   * Selects every field ({@code *::field}) plus the two HA tags: other tags (static {@code tags},
   * {@code tags_attributes}) are not attributes of the state and would be indistinguishable from
   * fields in {@code SELECT *}.
   */
  static String statement(EventQuery query) {
    StringBuilder q =
        new StringBuilder("SELECT *::field, ")
            .append(quoted(HaSchema.TAG_DOMAIN))
            .append(", ")
            .append(quoted(HaSchema.TAG_ENTITY_ID))
            .append(" FROM /.*/ WHERE ")
            .append(quoted(HaSchema.TAG_DOMAIN))
            .append(" = $domain");
    if (query.objectId() != null) {
      q.append(" AND ").append(quoted(HaSchema.TAG_ENTITY_ID)).append(" = $object_id");
    }
    q.append(" AND time >= $start AND time <= $end");
    EventCursor cursor = query.cursor();
    if (cursor != null) {
      // The cursor's own time is included: other events at that time may follow it.
      q.append(
          query.order() == SortOrder.DESC ? " AND time <= $position" : " AND time >= $position");
    }
    return q.append(" ORDER BY time ")
        .append(query.order().name())
        .append(" LIMIT ")
        .append(fetchLimit(query))
        .toString();
  }

  /**
   * Rows per measurement (InfluxQL's LIMIT is per series): the page, one more to know whether a
   * next page exists, and the rows at the cursor's time already returned, which are skipped.
   */
  static long fetchLimit(EventQuery query) {
    return query.limit() + 1L + (query.cursor() == null ? 0 : query.cursor().atTime());
  }

  static Map<String, Object> parameters(EventQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("domain", query.domain());
    if (query.objectId() != null) {
      params.put("object_id", query.objectId());
    }
    // RFC 3339 with nanoseconds, which InfluxQL accepts as a time literal.
    params.put("start", DateTimeFormatter.ISO_INSTANT.format(query.start()));
    params.put("end", DateTimeFormatter.ISO_INSTANT.format(query.end()));
    if (query.cursor() != null) {
      params.put("position", DateTimeFormatter.ISO_INSTANT.format(query.cursor().time()));
    }
    return params;
  }

  /** Quotes a constant identifier of the schema (never user input). */
  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }
}
