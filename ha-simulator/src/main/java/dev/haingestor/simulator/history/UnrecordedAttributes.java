package dev.haingestor.simulator.history;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Attributes the recorder never stores: {@code ALL_DOMAIN_EXCLUDE_ATTRS} of
 * homeassistant/components/recorder, plus each entity component's {@code
 * _entity_component_unrecorded_attributes} for the domains simulated here. Backfilled states
 * therefore carry fewer attributes than live ones.
 */
final class UnrecordedAttributes {

  private static final Set<String> ALL_DOMAINS =
      Set.of("attribution", "restored", "supported_features");

  private static final Map<String, Set<String>> BY_DOMAIN =
      Map.of(
          "climate",
          Set.of(
              "hvac_modes",
              "fan_modes",
              "swing_modes",
              "min_temp",
              "max_temp",
              "min_humidity",
              "max_humidity",
              "target_temp_step",
              "preset_modes"),
          "light",
          Set.of(
              "supported_color_modes",
              "effect_list",
              "min_color_temp_kelvin",
              "max_color_temp_kelvin",
              "min_mireds",
              "max_mireds"),
          "sensor",
          Set.of("options"));

  private UnrecordedAttributes() {}

  static Map<String, Object> recorded(String domain, Map<String, Object> attributes) {
    Set<String> domainExcluded = BY_DOMAIN.getOrDefault(domain, Set.of());
    Map<String, Object> kept = new LinkedHashMap<>();
    attributes.forEach(
        (key, value) -> {
          if (!ALL_DOMAINS.contains(key) && !domainExcluded.contains(key)) {
            kept.put(key, value);
          }
        });
    return kept;
  }
}
