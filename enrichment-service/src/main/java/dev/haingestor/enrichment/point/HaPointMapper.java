package dev.haingestor.enrichment.point;

import dev.haingestor.common.config.ComponentConfig;
import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.MeasurementAttr;
import dev.haingestor.common.config.SchemaConfig;
import dev.haingestor.common.config.filter.ComponentOverrides;
import dev.haingestor.common.config.filter.EntityFilter;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.schema.HaSchema;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code state_changed} event into the point HA's own InfluxDB integration would write,
 * rule for rule ({@code homeassistant/components/influxdb/__init__.py}, {@code
 * _generate_event_to_json}; see {@code HA_PROTOCOL.md} §8), so that dashboards built on HA's schema
 * keep working: HA's {@code include}/{@code exclude} filter, {@code component_config}, {@code
 * component_config_domain} and {@code component_config_glob} overrides (HA's {@code EntityValues}
 * precedence), {@code measurement_attr}, {@code default_measurement}, {@code override_measurement},
 * {@code tags}, {@code tags_attributes}, {@code ignore_attributes}.
 *
 * <p>Immutable and thread-safe: one instance per configuration version, compiled once (globs,
 * caches), never per event.
 *
 * <p>Deliberate differences: a state that parses to NaN or ±infinity is written as {@code state}
 * only (HA would send a non-finite {@code value} that InfluxDB refuses); {@code keep_unavailable}
 * can keep outage states; unit normalisation (off by default) adds canonical-unit fields.
 */
public final class HaPointMapper {

  private static final String UNIT_OF_MEASUREMENT = "unit_of_measurement";
  private static final String DEVICE_CLASS = "device_class";

  // homeassistant/helpers/state.py state_as_number
  private static final Set<String> ONE_STATES =
      Set.of("on", "locked", "above_horizon", "open", "home");
  private static final Set<String> ZERO_STATES =
      Set.of("off", "unlocked", "below_horizon", "closed", "not_home");

  private final MeasurementAttr measurementAttr;
  private final String defaultMeasurement;
  private final String overrideMeasurement;
  private final Map<String, String> staticTags;
  private final Set<String> tagsAttributes;
  private final Set<String> ignoreAttributes;
  private final boolean keepUnavailable;
  private final TimestampPrecision precision;
  private final EntityFilter filter;
  private final ComponentOverrides overrides;
  private final boolean normalizeUnits;

  private HaPointMapper(SchemaConfig schema, FilterConfig filter, boolean normalizeUnits) {
    this.measurementAttr = schema.measurementAttr();
    this.defaultMeasurement = blankToNull(schema.defaultMeasurement());
    this.overrideMeasurement = blankToNull(schema.overrideMeasurement());
    this.staticTags = Collections.unmodifiableMap(new LinkedHashMap<>(schema.tags()));
    this.tagsAttributes = Set.copyOf(schema.tagsAttributes());
    this.ignoreAttributes = Set.copyOf(schema.ignoreAttributes());
    this.keepUnavailable = schema.keepUnavailable();
    this.precision = TimestampPrecision.of(schema.precision());
    this.filter = EntityFilter.of(filter);
    this.overrides = ComponentOverrides.of(schema);
    this.normalizeUnits = normalizeUnits;
  }

  /**
   * Compiles the options.
   *
   * @param schema HA's schema options (the shared runtime-configuration record)
   * @param filter HA's include/exclude; {@code null} lets every entity pass
   * @param normalizeUnits add canonical-unit fields, see {@link UnitNormalizer}
   * @throws IllegalArgumentException when a glob cannot be compiled
   */
  public static HaPointMapper of(SchemaConfig schema, FilterConfig filter, boolean normalizeUnits) {
    return new HaPointMapper(schema, filter, normalizeUnits);
  }

  /** HA's defaults: no filter, no overrides, precision ns. */
  public static HaPointMapper haDefaults() {
    return of(defaultSchema(), null, false);
  }

  /** HA's default options, as a {@link SchemaConfig}. */
  public static SchemaConfig defaultSchema() {
    return new SchemaConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The precision points are encoded in and written with. */
  public TimestampPrecision precision() {
    return precision;
  }

  /** HA's {@code entity_filter(state.entity_id)}: false when the entity is excluded. */
  public boolean accepts(String entityId) {
    return filter.test(entityId);
  }

  /**
   * The point for this event, or {@code null} when HA would write nothing: the entity was removed,
   * or its state is {@code unknown}, {@code unavailable} or empty (unless kept by configuration).
   * The entity filter is checked separately ({@link #accepts}), so that callers can count what it
   * drops.
   */
  public InfluxPoint toPoint(StateChangedEvent event) {
    HaState state = event.newState();
    if (state == null) {
      return null;
    }
    String stateText = state.state();
    boolean placeholder =
        stateText.isEmpty() || "unknown".equals(stateText) || "unavailable".equals(stateText);
    if (placeholder && !keepUnavailable) {
      return null;
    }

    Map<String, Object> fields = new LinkedHashMap<>();
    Double numeric = addStateFields(fields, stateText, placeholder);

    Map<String, Object> attributes = state.attributes();
    ComponentConfig entityConfig = overrides.forEntity(state.entityId());
    Measurement measurement = measurement(state, attributes, entityConfig);
    if (measurement.name().startsWith("#")) {
      // HA's integration writes such a line and InfluxDB skips it as a comment, without an error.
      throw new InvalidEventException(
          RejectionReason.UNWRITABLE_POINT,
          "measurement '"
              + measurement.name()
              + "' starts with '#': InfluxDB would read the line as a comment and drop it; set an"
              + " override_measurement for "
              + state.entityId());
    }
    if (normalizeUnits && numeric != null) {
      UnitNormalizer.addCanonicalFields(
          fields, numeric, attributes.get(UNIT_OF_MEASUREMENT), attributes.get(DEVICE_CLASS));
    }
    Set<String> ignored = ignoredAttributes(entityConfig);

    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(HaSchema.TAG_DOMAIN, state.domain());
    tags.put(HaSchema.TAG_ENTITY_ID, state.objectId());

    for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
      String key = attribute.getKey();
      Object value = attribute.getValue();
      if (tagsAttributes.contains(key)) {
        // A None tag value is left out by HA's clients; keep null and let the encoder skip it.
        tags.put(key, value == null ? null : PythonCoercion.toStr(value));
      } else if ((!UNIT_OF_MEASUREMENT.equals(key) || measurement.includeUnit())
          && (!DEVICE_CLASS.equals(key) || measurement.includeDeviceClass())
          && !ignored.contains(key)) {
        addAttributeField(fields, key, value);
      }
    }
    tags.putAll(staticTags);

    return new InfluxPoint(measurement.name(), tags, fields, state.lastUpdated());
  }

  /** Adds {@code value} and/or {@code state}; returns the numeric value, if any. */
  private static Double addStateFields(
      Map<String, Object> fields, String stateText, boolean placeholder) {
    Double numeric = placeholder ? null : PythonCoercion.parseFloat(stateText);
    if (numeric != null && Double.isFinite(numeric)) {
      fields.put(HaSchema.FIELD_VALUE, numeric);
      return numeric;
    } else if (!placeholder && ONE_STATES.contains(stateText)) {
      fields.put(HaSchema.FIELD_STATE, stateText);
      fields.put(HaSchema.FIELD_VALUE, 1.0);
    } else if (!placeholder && ZERO_STATES.contains(stateText)) {
      fields.put(HaSchema.FIELD_STATE, stateText);
      fields.put(HaSchema.FIELD_VALUE, 0.0);
    } else {
      fields.put(HaSchema.FIELD_STATE, stateText);
    }
    return null;
  }

  /** HA: the entity's {@code ignore_attributes} updated with the global ones. */
  private Set<String> ignoredAttributes(ComponentConfig entityConfig) {
    List<String> entityIgnored = entityConfig.ignoreAttributes();
    if (entityIgnored == null || entityIgnored.isEmpty()) {
      return ignoreAttributes;
    }
    Set<String> ignored = new HashSet<>(ignoreAttributes);
    ignored.addAll(entityIgnored);
    return ignored;
  }

  private static void addAttributeField(Map<String, Object> fields, String key, Object value) {
    String fieldKey = fields.containsKey(key) ? key + "_" : key;
    Double number = PythonCoercion.toFloat(value);
    if (number != null) {
      fields.put(fieldKey, number);
    } else {
      String text = PythonCoercion.toStr(value);
      fields.put(fieldKey + HaSchema.STRING_FIELD_SUFFIX, text);
      if (DigitTail.matches(text)) {
        fields.put(fieldKey, DigitTail.digits(text));
      }
    }
    // "Infinity and NaN are not valid floats in InfluxDB"
    if (fields.get(fieldKey) instanceof Double d && !Double.isFinite(d)) {
      fields.remove(fieldKey);
    }
  }

  private Measurement measurement(
      HaState state, Map<String, Object> attributes, ComponentConfig entityConfig) {
    // HA: the entity's override_measurement (component_config*), else the global one; both keep
    // unit and device class as fields.
    String entityOverride = blankToNull(entityConfig.overrideMeasurement());
    if (entityOverride != null) {
      return new Measurement(entityOverride, true, true);
    }
    if (overrideMeasurement != null) {
      return new Measurement(overrideMeasurement, true, true);
    }
    Object named;
    boolean includeDeviceClass = true;
    switch (measurementAttr) {
      case ENTITY_ID -> named = state.entityId();
      case DOMAIN_DEVICE_CLASS -> {
        Object deviceClass = attributes.get(DEVICE_CLASS);
        if (deviceClass == null) {
          named = state.domain();
        } else {
          named = state.domain() + "__" + PythonCoercion.toStr(deviceClass);
          includeDeviceClass = false;
        }
      }
      default -> named = attributes.get(UNIT_OF_MEASUREMENT);
    }
    if (named == null || "".equals(named)) {
      String fallback = defaultMeasurement != null ? defaultMeasurement : state.entityId();
      return new Measurement(fallback, true, includeDeviceClass);
    }
    return new Measurement(
        PythonCoercion.toStr(named),
        measurementAttr != MeasurementAttr.UNIT_OF_MEASUREMENT,
        includeDeviceClass);
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * @param includeUnit false when the unit named the measurement, so it is not repeated as a field
   * @param includeDeviceClass false when the device class named the measurement
   */
  private record Measurement(String name, boolean includeUnit, boolean includeDeviceClass) {}
}
