package dev.haingestor.enrichment.point;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One InfluxDB point before encoding.
 *
 * @param measurement the measurement name
 * @param tags tag key to value, in the order HA adds them (static tags last); empty values are left
 *     out when encoding, as HA's clients do
 * @param fields field key to value; a value is a {@link Double} (always a float in InfluxDB) or a
 *     {@link String}
 * @param time the state's {@code last_updated}, so that a redelivery overwrites the same point
 */
public record InfluxPoint(
    String measurement, Map<String, String> tags, Map<String, Object> fields, Instant time) {

  public InfluxPoint {
    Objects.requireNonNull(measurement, "measurement");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(time, "time");
  }
}
