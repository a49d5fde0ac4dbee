package dev.haingestor.common.config;

import java.util.List;

/**
 * One side of an entity filter: entities matched by domain ({@code light}), by exact entity id
 * ({@code sensor.power}) or by an fnmatch-style glob ({@code sensor.*_temperature}). Defaults:
 * empty lists.
 */
public record EntityMatch(List<String> domains, List<String> entities, List<String> entityGlobs) {

  /** Matches nothing. */
  public static final EntityMatch NONE = new EntityMatch(null, null, null);

  public EntityMatch {
    domains = Copies.list(domains);
    entities = Copies.list(entities);
    entityGlobs = Copies.list(entityGlobs);
  }

  /** True when no domain, entity or glob is listed. */
  public boolean matchesNothing() {
    return domains.isEmpty() && entities.isEmpty() && entityGlobs.isEmpty();
  }
}
