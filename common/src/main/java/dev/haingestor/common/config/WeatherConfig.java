package dev.haingestor.common.config;

import java.time.Duration;
import java.util.List;

/**
 * The weather context of the enrichment service.
 *
 * @param enabled default false
 * @param provider default {@code open_meteo}
 * @param entityId the {@code weather.*} entity read when the provider is {@code ha_entity}
 *     (required then, ignored otherwise)
 * @param latitude degrees, -90–90; with {@code longitude}, or both absent to use HA's location
 *     ({@code get_config})
 * @param longitude degrees, -180–180
 * @param refreshInterval how often the weather is fetched and written, 1 min–24 h; default 15 min.
 *     JSON: an ISO-8601 duration ({@code "PT15M"}) or a whole number of seconds
 * @param contextDeviceClasses device classes whose points get weather context fields; default none
 */
public record WeatherConfig(
    Boolean enabled,
    WeatherProvider provider,
    String entityId,
    Double latitude,
    Double longitude,
    Duration refreshInterval,
    List<String> contextDeviceClasses) {

  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(15);

  public WeatherConfig {
    enabled = enabled == null ? Boolean.FALSE : enabled;
    provider = provider == null ? WeatherProvider.OPEN_METEO : provider;
    refreshInterval = refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : refreshInterval;
    contextDeviceClasses = Copies.list(contextDeviceClasses);
  }
}
