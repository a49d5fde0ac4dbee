package dev.haingestor.admin.events;

import dev.haingestor.admin.influx.InfluxSeries;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.schema.HaSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps InfluxQL rows of HA's schema (HA_PROTOCOL.md §8) back to events.
 *
 * <p>A query over every measurement (a regular expression in {@code FROM}) answers one series per
 * measurement, each with the union of the field columns of all measurements: a {@code null} there
 * is a field the point does not have and is dropped. Attribute fields lose their {@code _str}
 * suffix. HA writes, for a string attribute whose text contains digits, both {@code <k>_str} (the
 * text) and a numeric {@code <k>} (the digits; {@code
 * homeassistant/components/influxdb/__init__.py}, {@code RE_DIGIT_TAIL}): the text is the
 * attribute's real value, so it wins.
 */
final class EventMapper {

  static final String TIME = "time";

  /** Columns that are not attributes. */
  private static final Set<String> RESERVED =
      Set.of(
          TIME,
          HaSchema.TAG_DOMAIN,
          HaSchema.TAG_ENTITY_ID,
          HaSchema.FIELD_VALUE,
          HaSchema.FIELD_STATE);

  private EventMapper() {}

  /**
   * All rows of all series, sorted by time in {@code order} (ties by entity id, then measurement,
   * for a stable answer), cut to {@code limit}.
   */
  static List<Event> toEvents(List<InfluxSeries> series, SortOrder order, int limit) {
    return sorted(series, order).stream().limit(limit).map(TimedEvent::event).toList();
  }

  /** All rows of all series in the answer's order: {@link #order(SortOrder)}. */
  static List<TimedEvent> sorted(List<InfluxSeries> series, SortOrder order) {
    List<TimedEvent> events = new ArrayList<>();
    for (InfluxSeries one : series) {
      for (Map<String, Object> row : one.rows()) {
        events.add(toEvent(one.name(), row));
      }
    }
    events.sort(order(order));
    return events;
  }

  /**
   * Time in {@code order}, then entity id and measurement ascending (in both orders): a total order
   * of the points of one answer, which cursor positions rely on.
   */
  static Comparator<TimedEvent> order(SortOrder order) {
    Comparator<TimedEvent> byTime = Comparator.comparing(TimedEvent::time);
    if (order == SortOrder.DESC) {
      byTime = byTime.reversed();
    }
    return byTime
        .thenComparing(e -> e.event().entityId(), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(e -> e.event().measurement());
  }

  /** An event with its exact time (HA's format in the event drops nanoseconds). */
  record TimedEvent(Instant time, Event event) {}

  private static TimedEvent toEvent(String measurement, Map<String, Object> row) {
    Instant time = epochNanos(row.get(TIME));
    Object domain = row.get(HaSchema.TAG_DOMAIN);
    Object objectId = row.get(HaSchema.TAG_ENTITY_ID);
    String entityId = domain != null && objectId != null ? domain + "." + objectId : null;
    Object state = row.get(HaSchema.FIELD_STATE);
    Event event =
        new Event(
            entityId,
            HaTimestamps.format(time),
            measurement,
            asDouble(row.get(HaSchema.FIELD_VALUE)),
            state == null ? null : state.toString(),
            attributes(row));
    return new TimedEvent(time, event);
  }

  private static Map<String, Object> attributes(Map<String, Object> row) {
    Map<String, Object> attributes = new TreeMap<>();
    Set<String> fromText = new HashSet<>();
    for (Map.Entry<String, Object> column : row.entrySet()) {
      String name = column.getKey();
      Object value = column.getValue();
      if (value == null || RESERVED.contains(name)) {
        continue;
      }
      if (value instanceof String text
          && name.endsWith(HaSchema.STRING_FIELD_SUFFIX)
          && name.length() > HaSchema.STRING_FIELD_SUFFIX.length()) {
        String key = name.substring(0, name.length() - HaSchema.STRING_FIELD_SUFFIX.length());
        attributes.put(key, text);
        fromText.add(key);
      } else if (!fromText.contains(name)) {
        attributes.put(name, value instanceof Number number ? number.doubleValue() : value);
      }
    }
    return attributes;
  }

  /** HA's numbers are floats; InfluxDB prints whole floats as integers ({@code 19}). */
  private static Double asDouble(Object value) {
    return value instanceof Number number ? number.doubleValue() : null;
  }

  private static Instant epochNanos(Object time) {
    if (!(time instanceof Number number)) {
      throw new IllegalStateException("time column is not epoch nanoseconds: " + time);
    }
    long nanos = number.longValue();
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
