package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which entities are ingested, as HA's {@code include}/{@code exclude} ({@code FILTER_*}
 * environment variables, comma-separated lists); the default of the runtime configuration's {@code
 * filter} section. Empty lists (default): every entity passes. Validated with the runtime
 * configuration's rules at startup.
 *
 * @param includeDomains {@code FILTER_INCLUDE_DOMAINS}, e.g. {@code sensor,binary_sensor}
 * @param includeEntities {@code FILTER_INCLUDE_ENTITIES}
 * @param includeEntityGlobs {@code FILTER_INCLUDE_ENTITY_GLOBS}, e.g. {@code sensor.*_power}
 * @param excludeDomains {@code FILTER_EXCLUDE_DOMAINS}
 * @param excludeEntities {@code FILTER_EXCLUDE_ENTITIES}
 * @param excludeEntityGlobs {@code FILTER_EXCLUDE_ENTITY_GLOBS}
 */
@ConfigurationProperties(prefix = "filter")
public record FilterProperties(
    @DefaultValue List<String> includeDomains,
    @DefaultValue List<String> includeEntities,
    @DefaultValue List<String> includeEntityGlobs,
    @DefaultValue List<String> excludeDomains,
    @DefaultValue List<String> excludeEntities,
    @DefaultValue List<String> excludeEntityGlobs) {

  /** As the runtime configuration's section. */
  public FilterConfig toConfig() {
    return new FilterConfig(
        new EntityMatch(includeDomains, includeEntities, includeEntityGlobs),
        new EntityMatch(excludeDomains, excludeEntities, excludeEntityGlobs));
  }
}
