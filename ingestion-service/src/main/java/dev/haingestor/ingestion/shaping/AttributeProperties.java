package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.AttributeRules;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which attributes are kept ({@code ATTRIBUTES_*} environment variables, comma-separated); the
 * default of the runtime configuration's {@code attributes} section. An attribute passes when it is
 * allowed (the domain's list if non-empty, else the global one if non-empty, else every attribute)
 * and not ignored (globally or for its domain).
 *
 * @param allow {@code ATTRIBUTES_ALLOW}
 * @param ignore {@code ATTRIBUTES_IGNORE}, e.g. {@code friendly_name,icon,entity_picture}
 * @param perDomain {@code ATTRIBUTES_PERDOMAIN_<DOMAIN>_ALLOW} / {@code _IGNORE}
 */
@ConfigurationProperties(prefix = "attributes")
public record AttributeProperties(
    @DefaultValue List<String> allow,
    @DefaultValue List<String> ignore,
    @DefaultValue Map<String, AttributeRules> perDomain) {

  /** As the runtime configuration's section. */
  public AttributeConfig toConfig() {
    return new AttributeConfig(allow, ignore, perDomain);
  }
}
