package dev.haingestor.common.config;

import java.util.List;
import java.util.Map;

/**
 * Which attributes of a state ingestion keeps; evaluate it with {@link
 * dev.haingestor.common.config.filter.AttributeFilter}.
 *
 * <p>An attribute passes when it is allowed and not ignored. Allowed: the domain's {@code allow}
 * list if that is non-empty, else the global {@code allow} list if that is non-empty, else every
 * attribute. Ignored: listed in the global {@code ignore} or in the domain's {@code ignore} — an
 * ignore always wins over an allow. Defaults: empty lists and no per-domain rules (every attribute
 * passes).
 *
 * @param allow if non-empty, only these attributes pass (unless the domain has its own allow list)
 * @param ignore attributes dropped for every domain
 * @param perDomain domain → its own allow/ignore lists
 */
public record AttributeConfig(
    List<String> allow, List<String> ignore, Map<String, AttributeRules> perDomain) {

  public AttributeConfig {
    allow = Copies.list(allow);
    ignore = Copies.list(ignore);
    perDomain = Copies.map(perDomain);
  }
}
