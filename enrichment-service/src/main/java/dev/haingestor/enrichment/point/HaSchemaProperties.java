package dev.haingestor.enrichment.point;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The options of HA's InfluxDB integration that shape a point, with HA's defaults. Lists come from
 * comma-separated environment values.
 *
 * @param measurementAttr {@code INFLUXDB_MEASUREMENT_ATTR}: {@code unit_of_measurement} (default),
 *     {@code domain__device_class} or {@code entity_id}
 * @param defaultMeasurement {@code INFLUXDB_DEFAULT_MEASUREMENT}: measurement when the attribute is
 *     missing or empty; unset means the full entity id
 * @param overrideMeasurement {@code INFLUXDB_OVERRIDE_MEASUREMENT}: one measurement for all points
 * @param tags {@code INFLUXDB_TAGS}: static tags as {@code key=value,key2=value2}; added last, so
 *     they win over every other tag
 * @param tagsAttributes {@code INFLUXDB_TAGS_ATTRIBUTES}: attributes written as tags, not fields
 * @param ignoreAttributes {@code INFLUXDB_IGNORE_ATTRIBUTES}: attributes never written
 * @param keepUnavailable {@code INFLUXDB_KEEP_UNAVAILABLE}: write {@code unknown}, {@code
 *     unavailable} and empty states as a {@code state} field instead of skipping them as HA does
 */
@Validated
@ConfigurationProperties("influxdb")
public record HaSchemaProperties(
    @DefaultValue("unit_of_measurement") @NotNull MeasurementAttr measurementAttr,
    String defaultMeasurement,
    String overrideMeasurement,
    @DefaultValue List<@Pattern(regexp = "[^=]+=.+", message = "must be key=value") String> tags,
    @DefaultValue List<String> tagsAttributes,
    @DefaultValue List<String> ignoreAttributes,
    @DefaultValue("false") boolean keepUnavailable) {

  public HaSchemaProperties {
    tags = tags == null ? List.of() : List.copyOf(tags);
    tagsAttributes = tagsAttributes == null ? List.of() : List.copyOf(tagsAttributes);
    ignoreAttributes = ignoreAttributes == null ? List.of() : List.copyOf(ignoreAttributes);
  }

  /** HA's defaults. */
  public static HaSchemaProperties defaults() {
    return new HaSchemaProperties(
        MeasurementAttr.UNIT_OF_MEASUREMENT, null, null, null, null, null, false);
  }

  /** The static tags in their configured order. */
  public Map<String, String> staticTags() {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String tag : tags) {
      int equals = tag.indexOf('=');
      if (equals > 0) {
        parsed.put(tag.substring(0, equals).trim(), tag.substring(equals + 1).trim());
      }
    }
    return Collections.unmodifiableMap(parsed);
  }

  Set<String> tagsAttributeSet() {
    return Set.copyOf(tagsAttributes);
  }

  Set<String> ignoreAttributeSet() {
    return Set.copyOf(ignoreAttributes);
  }
}
