package dev.haingestor.enrichment.point;

import dev.haingestor.common.config.ComponentConfig;
import dev.haingestor.common.config.ConfigViolation;
import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.MeasurementAttr;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.RuntimeConfigValidator;
import dev.haingestor.common.config.SchemaConfig;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The options of HA's InfluxDB integration that shape a point, from the environment, with HA's
 * defaults. Lists come from comma-separated values; the three {@code component_config} maps are
 * JSON objects in the shape of the runtime configuration's {@code schema} section. The runtime
 * configuration's {@code schema} and {@code filter} sections replace these while the service runs.
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
 * @param include {@code INFLUXDB_INCLUDE_DOMAINS}, {@code _ENTITIES}, {@code _ENTITY_GLOBS}
 * @param exclude {@code INFLUXDB_EXCLUDE_DOMAINS}, {@code _ENTITIES}, {@code _ENTITY_GLOBS}
 * @param componentConfig {@code INFLUXDB_COMPONENT_CONFIG}: JSON, entity id → {@code
 *     {"override_measurement": …, "ignore_attributes": […]}}
 * @param componentConfigDomain {@code INFLUXDB_COMPONENT_CONFIG_DOMAIN}: JSON, domain → override
 * @param componentConfigGlob {@code INFLUXDB_COMPONENT_CONFIG_GLOB}: JSON, glob → override
 * @param normalizeUnits {@code INFLUXDB_NORMALIZE_UNITS}: add canonical-unit fields ({@link
 *     UnitNormalizer})
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
    @DefaultValue("false") boolean keepUnavailable,
    @DefaultValue EntityMatchProperties include,
    @DefaultValue EntityMatchProperties exclude,
    String componentConfig,
    String componentConfigDomain,
    String componentConfigGlob,
    @DefaultValue("false") boolean normalizeUnits) {

  public HaSchemaProperties {
    tags = tags == null ? List.of() : List.copyOf(tags);
    tagsAttributes = tagsAttributes == null ? List.of() : List.copyOf(tagsAttributes);
    ignoreAttributes = ignoreAttributes == null ? List.of() : List.copyOf(ignoreAttributes);
    include = include == null ? EntityMatchProperties.NONE : include;
    exclude = exclude == null ? EntityMatchProperties.NONE : exclude;
  }

  /**
   * One side of HA's include/exclude.
   *
   * @param domains e.g. {@code sensor,light}
   * @param entities e.g. {@code sensor.power}
   * @param entityGlobs e.g. {@code sensor.*_rssi}
   */
  public record EntityMatchProperties(
      @DefaultValue List<String> domains,
      @DefaultValue List<String> entities,
      @DefaultValue List<String> entityGlobs) {

    static final EntityMatchProperties NONE = new EntityMatchProperties(null, null, null);

    EntityMatch toEntityMatch() {
      return new EntityMatch(domains, entities, entityGlobs);
    }
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

  /**
   * These options as the shared record, validated by the runtime configuration's own rules, so that
   * the environment and the runtime configuration cannot differ in what they accept.
   *
   * @throws IllegalStateException naming the variable, when a value is invalid
   */
  public SchemaConfig toSchemaConfig(TimestampPrecision precision) {
    SchemaConfig schema =
        new SchemaConfig(
            measurementAttr,
            blankToNull(defaultMeasurement),
            blankToNull(overrideMeasurement),
            staticTags(),
            tagsAttributes,
            ignoreAttributes,
            keepUnavailable,
            precision.toPrecision(),
            componentMap("INFLUXDB_COMPONENT_CONFIG", "component_config", componentConfig),
            componentMap(
                "INFLUXDB_COMPONENT_CONFIG_DOMAIN",
                "component_config_domain",
                componentConfigDomain),
            componentMap(
                "INFLUXDB_COMPONENT_CONFIG_GLOB", "component_config_glob", componentConfigGlob));
    validate(
        new RuntimeConfig(0, null, null, toFilterConfig(), null, null, null, schema, null),
        "INFLUXDB_* schema and filter variables");
    return schema;
  }

  /** HA's include/exclude from the environment; {@code null} when nothing is configured. */
  public FilterConfig toFilterConfig() {
    FilterConfig filter = new FilterConfig(include.toEntityMatch(), exclude.toEntityMatch());
    return filter.include().matchesNothing() && filter.exclude().matchesNothing() ? null : filter;
  }

  private static Map<String, ComponentConfig> componentMap(
      String variable, String name, String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    RuntimeConfig parsed;
    try {
      parsed = new RuntimeConfigJson().read("{\"schema\":{\"" + name + "\":" + json + "}}");
    } catch (InvalidRuntimeConfigException e) {
      throw new IllegalStateException(variable + " is invalid: " + e.getMessage(), e);
    }
    return switch (name) {
      case "component_config" -> parsed.schema().componentConfig();
      case "component_config_domain" -> parsed.schema().componentConfigDomain();
      default -> parsed.schema().componentConfigGlob();
    };
  }

  private static void validate(RuntimeConfig config, String what) {
    List<ConfigViolation> violations = new RuntimeConfigValidator().validate(config);
    if (!violations.isEmpty()) {
      throw new IllegalStateException(what + " are invalid: " + violations);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
