package dev.haingestor.common.config;

import java.util.List;

/**
 * A per-entity, per-domain or per-glob override of HA's InfluxDB integration ({@code
 * component_config}, {@code component_config_domain}, {@code component_config_glob}). A {@code
 * null} field is not set at this level; resolve the levels with {@link
 * dev.haingestor.common.config.filter.ComponentOverrides}.
 *
 * @param overrideMeasurement the measurement for the matched entities
 * @param ignoreAttributes attributes not written for the matched entities (in addition to the
 *     global {@code ignore_attributes})
 */
public record ComponentConfig(String overrideMeasurement, List<String> ignoreAttributes) {

  /** Nothing set. */
  public static final ComponentConfig NONE = new ComponentConfig(null, null);

  public ComponentConfig {
    ignoreAttributes = Copies.listOrNull(ignoreAttributes);
  }
}
