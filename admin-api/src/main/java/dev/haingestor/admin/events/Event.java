package dev.haingestor.admin.events;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One stored state of an entity, as HA's InfluxDB schema holds it, mapped back to HA's terms.
 *
 * @param entityId {@code domain.object_id}, from the {@code domain} and {@code entity_id} tags
 * @param time the point's time in HA's format (microseconds, {@code +00:00})
 * @param measurement the measurement the point is in (the unit, e.g. {@code °C}, by default)
 * @param value the {@code value} field (the state as a number), or {@code null}
 * @param state the {@code state} field (the state as text), or {@code null}
 * @param attributes the attribute fields, {@code _str} suffixes removed, by name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Event(
    String entityId,
    String time,
    String measurement,
    Double value,
    String state,
    Map<String, Object> attributes) {}
