package dev.haingestor.common.config.filter;

import dev.haingestor.common.config.ComponentConfig;
import dev.haingestor.common.config.EntityGlob;
import dev.haingestor.common.config.SchemaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Resolves HA's {@code component_config}, {@code component_config_domain} and {@code
 * component_config_glob} for one entity, as {@code homeassistant/helpers/entity_values.py} ({@code
 * EntityValues.get}) does: start from the domain's override, then apply every matching glob in the
 * written order, then the entity's own override; at each level only the fields it sets replace the
 * earlier ones (a later {@code ignore_attributes} replaces, it does not add). Immutable and
 * thread-safe; results are cached per entity id up to {@value EntityFilter#CACHE_LIMIT} ids.
 */
public final class ComponentOverrides {

  private static final ComponentOverrides NONE =
      new ComponentOverrides(Map.of(), Map.of(), List.of());

  private final Map<String, ComponentConfig> exact;
  private final Map<String, ComponentConfig> domain;
  private final List<GlobOverride> globs;
  private final Map<String, ComponentConfig> cache = new ConcurrentHashMap<>();

  private ComponentOverrides(
      Map<String, ComponentConfig> exact,
      Map<String, ComponentConfig> domain,
      List<GlobOverride> globs) {
    this.exact = exact;
    this.domain = domain;
    this.globs = globs;
  }

  /**
   * The overrides of a schema section; {@code null} has none.
   *
   * @throws IllegalArgumentException when a glob cannot be compiled (a validated configuration
   *     never has one)
   */
  public static ComponentOverrides of(SchemaConfig schema) {
    if (schema == null) {
      return NONE;
    }
    List<GlobOverride> globs = new ArrayList<>();
    schema
        .componentConfigGlob()
        .forEach((glob, config) -> globs.add(new GlobOverride(EntityGlob.compile(glob), config)));
    return new ComponentOverrides(
        schema.componentConfig(), schema.componentConfigDomain(), List.copyOf(globs));
  }

  /** The merged override of an entity; {@link ComponentConfig#NONE} when nothing applies. */
  public ComponentConfig forEntity(String entityId) {
    ComponentConfig cached = cache.get(entityId);
    if (cached != null) {
      return cached;
    }
    ComponentConfig result = resolve(entityId);
    if (cache.size() < EntityFilter.CACHE_LIMIT) {
      cache.put(entityId, result);
    }
    return result;
  }

  private ComponentConfig resolve(String entityId) {
    int dot = entityId.indexOf('.');
    String entityDomain = dot < 0 ? entityId : entityId.substring(0, dot);
    ComponentConfig result = ComponentConfig.NONE;
    result = apply(result, domain.get(entityDomain));
    for (GlobOverride glob : globs) {
      if (glob.pattern().matcher(entityId).matches()) {
        result = apply(result, glob.config());
      }
    }
    return apply(result, exact.get(entityId));
  }

  /** Python's {@code dict.update}: the fields {@code level} sets win. */
  private static ComponentConfig apply(ComponentConfig result, ComponentConfig level) {
    if (level == null) {
      return result;
    }
    return new ComponentConfig(
        level.overrideMeasurement() != null
            ? level.overrideMeasurement()
            : result.overrideMeasurement(),
        level.ignoreAttributes() != null ? level.ignoreAttributes() : result.ignoreAttributes());
  }

  private record GlobOverride(Pattern pattern, ComponentConfig config) {}
}
