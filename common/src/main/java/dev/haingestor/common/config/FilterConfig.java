package dev.haingestor.common.config;

/**
 * Which entities are ingested, with exactly the semantics of HA's {@code include}/{@code exclude}
 * ({@code homeassistant/helpers/entityfilter.py}); evaluate it with {@link
 * dev.haingestor.common.config.filter.EntityFilter}. Defaults: nothing included, nothing excluded
 * (every entity passes).
 */
public record FilterConfig(EntityMatch include, EntityMatch exclude) {

  public FilterConfig {
    include = include == null ? EntityMatch.NONE : include;
    exclude = exclude == null ? EntityMatch.NONE : exclude;
  }
}
