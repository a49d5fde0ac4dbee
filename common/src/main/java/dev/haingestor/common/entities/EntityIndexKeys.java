package dev.haingestor.common.entities;

import dev.haingestor.common.stream.RedisKeys;

/**
 * The current state of every entity, kept by the enrichment service after each successful write so
 * that admin-api lists entities without scanning InfluxDB: a Redis hash {@code <prefix>entities},
 * field = entity_id, value = {@link EntitySummary} as JSON. A write replaces a field only with a
 * newer {@code last_updated}, so a backfill never moves an entity back in time.
 */
public record EntityIndexKeys(RedisKeys keys) {

  public String index() {
    return keys.prefix() + "entities";
  }
}
