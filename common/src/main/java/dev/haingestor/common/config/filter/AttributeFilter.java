package dev.haingestor.common.config.filter;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.AttributeRules;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes of a state are kept, by {@link AttributeConfig}'s rules: an attribute passes
 * when it is allowed (the domain's allow list if non-empty, else the global one if non-empty, else
 * everything) and not ignored (global or domain ignore list; an ignore always wins). Immutable and
 * thread-safe.
 */
public final class AttributeFilter {

  private static final AttributeFilter KEEP_ALL =
      new AttributeFilter(new Rules(Set.of(), Set.of()), Map.of());

  private final Rules global;
  private final Map<String, Rules> perDomain;

  private AttributeFilter(Rules global, Map<String, Rules> perDomain) {
    this.global = global;
    this.perDomain = perDomain;
  }

  /** The filter of a runtime configuration section; {@code null} keeps every attribute. */
  public static AttributeFilter of(AttributeConfig config) {
    if (config == null) {
      return KEEP_ALL;
    }
    Rules global = new Rules(Set.copyOf(config.allow()), Set.copyOf(config.ignore()));
    Map<String, Rules> perDomain = new HashMap<>();
    config.perDomain().forEach((domain, rules) -> perDomain.put(domain, merge(global, rules)));
    return new AttributeFilter(global, Map.copyOf(perDomain));
  }

  /** Keeps every attribute. */
  public static AttributeFilter keepAll() {
    return KEEP_ALL;
  }

  /** True when the attribute of an entity in {@code domain} is kept. */
  public boolean keeps(String domain, String attribute) {
    return perDomain.getOrDefault(domain, global).keeps(attribute);
  }

  /**
   * The kept attributes, in their order; {@code attributes} itself when all are kept, so the common
   * case allocates nothing.
   */
  public Map<String, Object> apply(String domain, Map<String, Object> attributes) {
    Rules rules = perDomain.getOrDefault(domain, global);
    if (rules.keepsAll()) {
      return attributes;
    }
    boolean dropsAny = attributes.keySet().stream().anyMatch(key -> !rules.keeps(key));
    if (!dropsAny) {
      return attributes;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    attributes.forEach(
        (key, value) -> {
          if (rules.keeps(key)) {
            kept.put(key, value);
          }
        });
    return Collections.unmodifiableMap(kept);
  }

  private static Rules merge(Rules global, AttributeRules domain) {
    Set<String> allow = domain.allow().isEmpty() ? global.allow() : Set.copyOf(domain.allow());
    Set<String> ignore = new HashSet<>(global.ignore());
    ignore.addAll(domain.ignore());
    return new Rules(allow, Set.copyOf(ignore));
  }

  private record Rules(Set<String> allow, Set<String> ignore) {

    boolean keeps(String attribute) {
      return (allow.isEmpty() || allow.contains(attribute)) && !ignore.contains(attribute);
    }

    boolean keepsAll() {
      return allow.isEmpty() && ignore.isEmpty();
    }
  }
}
