package dev.haingestor.admin.events;

import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.common.schema.HaSchema;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds stored events in InfluxDB with one InfluxQL statement across all measurements (HA's schema
 * names measurements by unit, so an entity's points can be in several).
 *
 * <p>Every value from the request is a bind parameter ({@code $domain}, {@code $object_id}, {@code
 * $start}, {@code $end}); the only number in the text is the validated {@code limit}. {@code LIMIT}
 * applies per series, i.e. per measurement, so the rows are merged, sorted and cut to the limit
 * again afterwards.
 */
@Component
class EventFinder {

  private final InfluxQlClient influx;

  EventFinder(InfluxQlClient influx) {
    this.influx = influx;
  }

  Mono<List<Event>> find(EventQuery query) {
    return influx
        .query(statement(query), parameters(query))
        .map(series -> EventMapper.toEvents(series, query.order(), query.limit()));
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
    return q.append(" AND time >= $start AND time <= $end ORDER BY time ")
        .append(query.order().name())
        .append(" LIMIT ")
        .append(query.limit())
        .toString();
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
    return params;
  }

  /** Quotes a constant identifier of the schema (never user input). */
  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }
}
