package dev.haingestor.common.config.filter;

import dev.haingestor.common.config.EntityGlob;
import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * HA's entity include/exclude filter, with exactly the semantics of {@code
 * _generate_filter_from_sets_and_pattern_lists} in {@code homeassistant/helpers/entityfilter.py}
 * (cases 1–6 below). Immutable and thread-safe; results are cached per entity id up to {@value
 * #CACHE_LIMIT} ids, as HA caches them.
 *
 * <ol>
 *   <li>No includes, no excludes: every entity passes.
 *   <li>Only includes: included entity, or included domain, or matching include glob → pass; else
 *       drop.
 *   <li>Only excludes: excluded entity, or excluded domain, or matching exclude glob → drop; else
 *       pass.
 *   <li>Domain and/or glob includes (excludes may exist): included entity → pass; else excluded
 *       entity → drop; else matching include glob → pass; else matching exclude glob → drop; else
 *       included domain → pass; else drop. (Excluded domains play no part.)
 *   <li>Domain and/or glob excludes, no domain or glob includes: entity in an excluded domain or
 *       matching an exclude glob → pass only if it is an included entity; else pass unless it is an
 *       excluded entity.
 *   <li>Only entity includes and entity excludes: pass only included entities.
 * </ol>
 */
public final class EntityFilter implements Predicate<String> {

  /** Entities of one home; beyond it results are computed each time, never evicted. */
  static final int CACHE_LIMIT = 16_384;

  private static final EntityFilter ALLOW_ALL = new EntityFilter(null);

  private final Predicate<String> rule;
  private final boolean allowsAll;
  private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

  private EntityFilter(FilterConfig config) {
    if (config == null) {
      this.rule = entityId -> true;
      this.allowsAll = true;
    } else {
      this.rule = generate(config.include(), config.exclude());
      this.allowsAll = config.include().matchesNothing() && config.exclude().matchesNothing();
    }
  }

  /**
   * The filter of a runtime configuration section; {@code null} (no section) lets every entity
   * pass.
   *
   * @throws IllegalArgumentException when a glob cannot be compiled (a validated configuration
   *     never has one)
   */
  public static EntityFilter of(FilterConfig config) {
    return config == null ? ALLOW_ALL : new EntityFilter(config);
  }

  /** Lets every entity pass (case 1). */
  public static EntityFilter allowAll() {
    return ALLOW_ALL;
  }

  /** True when the entity passes the filter. */
  @Override
  public boolean test(String entityId) {
    if (allowsAll) {
      return true;
    }
    Boolean cached = cache.get(entityId);
    if (cached != null) {
      return cached;
    }
    boolean result = rule.test(entityId);
    if (cache.size() < CACHE_LIMIT) {
      cache.put(entityId, result);
    }
    return result;
  }

  /** True when no include or exclude is configured (case 1). */
  public boolean allowsAll() {
    return allowsAll;
  }

  private static Predicate<String> generate(EntityMatch include, EntityMatch exclude) {
    Set<String> includeD = Set.copyOf(include.domains());
    Set<String> includeE = Set.copyOf(include.entities());
    Set<String> excludeD = Set.copyOf(exclude.domains());
    Set<String> excludeE = Set.copyOf(exclude.entities());
    Pattern includeG = EntityGlob.compileAny(Set.copyOf(include.entityGlobs()));
    Pattern excludeG = EntityGlob.compileAny(Set.copyOf(exclude.entityGlobs()));

    boolean haveInclude = !includeE.isEmpty() || !includeD.isEmpty() || includeG != null;
    boolean haveExclude = !excludeE.isEmpty() || !excludeD.isEmpty() || excludeG != null;

    // Case 1 - no filter
    if (!haveInclude && !haveExclude) {
      return entityId -> true;
    }
    // Case 2 - only includes
    if (haveInclude && !haveExclude) {
      return entityId ->
          includeE.contains(entityId)
              || includeD.contains(domain(entityId))
              || matches(includeG, entityId);
    }
    // Case 3 - only excludes
    if (!haveInclude) {
      return entityId ->
          !(excludeE.contains(entityId)
              || excludeD.contains(domain(entityId))
              || matches(excludeG, entityId));
    }
    // Case 4 - domain and/or glob includes (may also have excludes)
    if (!includeD.isEmpty() || includeG != null) {
      return entityId ->
          includeE.contains(entityId)
              || (!excludeE.contains(entityId)
                  && (matches(includeG, entityId)
                      || (includeD.contains(domain(entityId)) && !matches(excludeG, entityId))));
    }
    // Case 5 - domain and/or glob excludes (no domain and/or glob includes)
    if (!excludeD.isEmpty() || excludeG != null) {
      return entityId -> {
        if (excludeD.contains(domain(entityId)) || matches(excludeG, entityId)) {
          return includeE.contains(entityId);
        }
        return !excludeE.contains(entityId);
      };
    }
    // Case 6 - no domain and/or glob includes or excludes
    return includeE::contains;
  }

  private static boolean matches(Pattern globs, String entityId) {
    return globs != null && globs.matcher(entityId).matches();
  }

  /** HA's {@code split_entity_id(entity_id)[0]}. */
  private static String domain(String entityId) {
    int dot = entityId.indexOf('.');
    return dot < 0 ? entityId : entityId.substring(0, dot);
  }
}
