package dev.haingestor.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies that keep {@code null} elements: a document with a {@code null} list item must
 * reach {@link RuntimeConfigValidator}, which names the item, instead of failing inside a record
 * constructor with a bare {@link NullPointerException}.
 */
final class Copies {

  private Copies() {}

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** Like {@link #list} but keeps {@code null} as "not set at this level". */
  static <T> List<T> listOrNull(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** Keeps the insertion order: glob overrides apply in the order they are written, as in HA. */
  static <V> Map<String, V> map(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
