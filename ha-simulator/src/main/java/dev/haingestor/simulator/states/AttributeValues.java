package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaTimestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute values as HA's JSON encoder leaves them: immutable JSON-like values, insertion order
 * kept, and non-finite floats turned into {@code null} (orjson writes NaN and ±Infinity as null).
 */
final class AttributeValues {

  private AttributeValues() {}

  static Map<String, Object> copyOf(Map<String, ?> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach((key, value) -> copy.put(key, value(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object value(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? null : d;
    }
    if (value instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? null : f;
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, nested) -> copy.put(String.valueOf(key), value(nested)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Iterable<?> iterable) {
      List<Object> copy = new ArrayList<>();
      iterable.forEach(item -> copy.add(value(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Object[] array) {
      return value(java.util.Arrays.asList(array));
    }
    if (value instanceof Instant instant) {
      // HA's encoder writes datetimes with isoformat().
      return HaTimestamps.format(instant);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(java.util.Locale.ROOT);
    }
    throw new IllegalArgumentException(
        "attribute value of type " + value.getClass().getName() + " is not JSON");
  }
}
