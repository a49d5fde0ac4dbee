package dev.haingestor.common.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A stream entry's fields, in the order they are written: what an {@code XADD} sends after the
 * entry id. A writer can send them straight from here, without a map of strings per entry.
 */
public interface StreamEntry {

  /** The number of fields. */
  int size();

  /** Passes each field's name and value, in order. */
  void forEachField(BiConsumer<String, String> field);

  /** The fields as a map, in order. */
  default Map<String, String> toMap() {
    Map<String, String> fields = new LinkedHashMap<>(size() * 2);
    forEachField(fields::put);
    return fields;
  }

  /** An entry of the given fields, in the map's order. */
  static StreamEntry of(Map<String, String> fields) {
    return new StreamEntry() {
      @Override
      public int size() {
        return fields.size();
      }

      @Override
      public void forEachField(BiConsumer<String, String> field) {
        fields.forEach(field);
      }
    };
  }
}
