package dev.haingestor.enrichment.weather;

import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.enrichment.runtime.WeatherSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an observation is for: a provider at a location, or HA's weather entity. A configuration
 * change to another location or provider is another key, so old weather is never served for it.
 */
record WeatherKey(WeatherProvider provider, String location, String entityId) {

  static WeatherKey of(WeatherSettings settings) {
    if (settings.provider() == WeatherProvider.HA_ENTITY) {
      return new WeatherKey(settings.provider(), null, settings.entityId());
    }
    String location =
        settings.hasLocation()
            ? String.format(Locale.ROOT, "%.4f,%.4f", settings.latitude(), settings.longitude())
            : null;
    return new WeatherKey(settings.provider(), location, null);
  }

  /** Tags of the {@code weather} point: the provider, and the location or entity. */
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("provider", provider.wireName());
    if (location != null) {
      tags.put("location", location);
    }
    if (entityId != null) {
      tags.put("entity_id", entityId);
    }
    return tags;
  }
}
