package dev.haingestor.admin.stats;

import dev.haingestor.common.stats.StatsKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * The sum of one stage's per-minute hashes over a window: the {@code total} field, and the {@code
 * domain:} and {@code entity:} fields by name. Mutable while summing; not shared between threads.
 */
final class StageCounts {

  private long total;
  private final Map<String, Long> domains = new HashMap<>();
  private final Map<String, Long> entities = new HashMap<>();

  /** Adds one field of a minute's hash; values that are not integers are ignored. */
  void add(String field, String value) {
    long count;
    try {
      count = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return;
    }
    if (field.equals(StatsKeys.TOTAL)) {
      total += count;
    } else if (field.startsWith(StatsKeys.DOMAIN_FIELD_PREFIX)) {
      domains.merge(field.substring(StatsKeys.DOMAIN_FIELD_PREFIX.length()), count, Long::sum);
    } else if (field.startsWith(StatsKeys.ENTITY_FIELD_PREFIX)) {
      entities.merge(field.substring(StatsKeys.ENTITY_FIELD_PREFIX.length()), count, Long::sum);
    }
  }

  long total() {
    return total;
  }

  Map<String, Long> domains() {
    return domains;
  }

  Map<String, Long> entities() {
    return entities;
  }
}
