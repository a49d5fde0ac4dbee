package dev.haingestor.enrichment.point;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.schema.HaSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns a {@code state_changed} event into the point HA's own InfluxDB integration would write,
 * rule for rule ({@code homeassistant/components/influxdb/__init__.py}, {@code event_to_json}; see
 * {@code HA_PROTOCOL.md} §8), so that dashboards built on HA's schema keep working.
 *
 * <p>Deliberate differences: a state that parses to NaN or ±infinity is written as {@code state}
 * only (HA would send a non-finite {@code value} that InfluxDB refuses), and {@link
 * HaSchemaProperties#keepUnavailable()} can keep outage states. Entity filters, per-entity {@code
 * component_config} overrides and unit normalisation are not part of this mapper yet.
 */
@Component
public class HaPointMapper {

  private static final String UNIT_OF_MEASUREMENT = "unit_of_measurement";
  private static final String DEVICE_CLASS = "device_class";

  // homeassistant/helpers/state.py state_as_number
  private static final Set<String> ONE_STATES =
      Set.of("on", "locked", "above_horizon", "open", "home");
  private static final Set<String> ZERO_STATES =
      Set.of("off", "unlocked", "below_horizon", "closed", "not_home");

  // homeassistant/components/influxdb/const.py RE_DIGIT_TAIL / RE_DECIMAL: a string attribute
  // with digits also gets a numeric field made of its digits and its one dot. UNIX_LINES keeps
  // '$' to Python's meaning (end, or before a final '\n').
  private static final Pattern DIGIT_TAIL =
      Pattern.compile(
          "^[^.]*\\d+\\.?\\d+[^.]*$", Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NOT_DECIMAL =
      Pattern.compile("[^\\d.]+", Pattern.UNICODE_CHARACTER_CLASS);

  private final MeasurementAttr measurementAttr;
  private final String defaultMeasurement;
  private final String overrideMeasurement;
  private final Map<String, String> staticTags;
  private final Set<String> tagsAttributes;
  private final Set<String> ignoreAttributes;
  private final boolean keepUnavailable;

  public HaPointMapper(HaSchemaProperties properties) {
    this.measurementAttr = properties.measurementAttr();
    this.defaultMeasurement = blankToNull(properties.defaultMeasurement());
    this.overrideMeasurement = blankToNull(properties.overrideMeasurement());
    this.staticTags = properties.staticTags();
    this.tagsAttributes = properties.tagsAttributeSet();
    this.ignoreAttributes = properties.ignoreAttributeSet();
    this.keepUnavailable = properties.keepUnavailable();
  }

  /**
   * The point for this event, or {@code null} when HA would write nothing: the entity was removed,
   * or its state is {@code unknown}, {@code unavailable} or empty (unless kept by configuration).
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
    addStateFields(fields, stateText, placeholder);

    Map<String, Object> attributes = state.attributes();
    Measurement measurement = measurement(state, attributes);

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
          && !ignoreAttributes.contains(key)) {
        addAttributeField(fields, key, value);
      }
    }
    tags.putAll(staticTags);

    return new InfluxPoint(measurement.name(), tags, fields, state.lastUpdated());
  }

  private static void addStateFields(
      Map<String, Object> fields, String stateText, boolean placeholder) {
    Double numeric = placeholder ? null : PythonCoercion.parseFloat(stateText);
    if (numeric != null && Double.isFinite(numeric)) {
      fields.put(HaSchema.FIELD_VALUE, numeric);
    } else if (!placeholder && ONE_STATES.contains(stateText)) {
      fields.put(HaSchema.FIELD_STATE, stateText);
      fields.put(HaSchema.FIELD_VALUE, 1.0);
    } else if (!placeholder && ZERO_STATES.contains(stateText)) {
      fields.put(HaSchema.FIELD_STATE, stateText);
      fields.put(HaSchema.FIELD_VALUE, 0.0);
    } else {
      fields.put(HaSchema.FIELD_STATE, stateText);
    }
  }

  private static void addAttributeField(Map<String, Object> fields, String key, Object value) {
    String fieldKey = fields.containsKey(key) ? key + "_" : key;
    Double number = PythonCoercion.toFloat(value);
    if (number != null) {
      fields.put(fieldKey, number);
    } else {
      String text = PythonCoercion.toStr(value);
      fields.put(fieldKey + HaSchema.STRING_FIELD_SUFFIX, text);
      if (DIGIT_TAIL.matcher(text).find()) {
        fields.put(fieldKey, digitsOf(text));
      }
    }
    // "Infinity and NaN are not valid floats in InfluxDB"
    if (fields.get(fieldKey) instanceof Double d && !Double.isFinite(d)) {
      fields.remove(fieldKey);
    }
  }

  private static Double digitsOf(String text) {
    return Double.parseDouble(PythonCoercion.asciiDigits(NOT_DECIMAL.matcher(text).replaceAll("")));
  }

  private Measurement measurement(HaState state, Map<String, Object> attributes) {
    // TODO(component_config issue): a per-entity/domain/glob override_measurement comes first.
    if (overrideMeasurement != null) {
      return new Measurement(overrideMeasurement, true, true);
    }
    Object named;
    boolean includeDeviceClass = true;
    switch (measurementAttr) {
      case ENTITY_ID -> named = state.entityId();
      case DOMAIN__DEVICE_CLASS -> {
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
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * @param includeUnit false when the unit named the measurement, so it is not repeated as a field
   * @param includeDeviceClass false when the device class named the measurement
   */
  private record Measurement(String name, boolean includeUnit, boolean includeDeviceClass) {}
}
