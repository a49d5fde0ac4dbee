package dev.haingestor.common.config;

import java.util.List;

/**
 * The attribute rules of one domain, see {@link AttributeConfig}. Defaults: empty lists.
 *
 * @param allow if non-empty, only these attributes pass for the domain (replaces the global list)
 * @param ignore attributes dropped for the domain (in addition to the global list)
 */
public record AttributeRules(List<String> allow, List<String> ignore) {

  public AttributeRules {
    allow = Copies.list(allow);
    ignore = Copies.list(ignore);
  }
}
