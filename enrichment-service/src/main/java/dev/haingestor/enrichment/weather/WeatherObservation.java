package dev.haingestor.enrichment.weather;

import dev.haingestor.enrichment.point.InfluxPoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One weather observation in canonical units; any value may be missing (null).
 *
 * @param observedAt when the provider observed it: the timestamp of its {@code weather} point, so
 *     writing the same observation again overwrites the same point
 * @param fetchedAt when this service got it, for its age
 * @param temperature °C
 * @param humidity %
 * @param pressure hPa
 * @param windSpeed m/s
 * @param windBearing degrees
 * @param cloudCoverage %
 * @param precipitation mm (over the provider's interval)
 * @param condition the provider's condition text, e.g. {@code partlycloudy} or {@code 3}
 */
public record WeatherObservation(
    Instant observedAt,
    Instant fetchedAt,
    Double temperature,
    Double humidity,
    Double pressure,
    Double windSpeed,
    Double windBearing,
    Double cloudCoverage,
    Double precipitation,
    String condition) {

  public static final String MEASUREMENT = "weather";
  static final String CONTEXT_PREFIX = "weather_";

  public WeatherObservation {
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }

  /** The fields of the {@code weather} measurement, floats and {@code condition_str}. */
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    put(fields, "temperature", temperature);
    put(fields, "humidity", humidity);
    put(fields, "pressure", pressure);
    put(fields, "wind_speed", windSpeed);
    put(fields, "wind_bearing", windBearing);
    put(fields, "cloud_coverage", cloudCoverage);
    put(fields, "precipitation", precipitation);
    if (condition != null && !condition.isEmpty()) {
      fields.put("condition_str", condition);
    }
    return fields;
  }

  /** The {@code weather} point, tagged with where it comes from. */
  InfluxPoint toPoint(Map<String, String> tags) {
    return new InfluxPoint(MEASUREMENT, tags, fields(), observedAt);
  }

  /** The per-point context: the main values under {@code weather_}. */
  Map<String, Object> contextFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    put(fields, CONTEXT_PREFIX + "temperature", temperature);
    put(fields, CONTEXT_PREFIX + "humidity", humidity);
    put(fields, CONTEXT_PREFIX + "pressure", pressure);
    put(fields, CONTEXT_PREFIX + "wind_speed", windSpeed);
    if (condition != null && !condition.isEmpty()) {
      fields.put(CONTEXT_PREFIX + "condition_str", condition);
    }
    return fields;
  }

  boolean isEmpty() {
    return fields().isEmpty();
  }

  private static void put(Map<String, Object> fields, String name, Double value) {
    if (value != null && Double.isFinite(value)) {
      fields.put(name, value);
    }
  }
}
