package dev.haingestor.enrichment.runtime;

import dev.haingestor.common.config.WeatherConfig;
import dev.haingestor.common.config.WeatherProvider;
import java.time.Duration;
import java.util.Set;

/**
 * The weather context in force.
 *
 * @param enabled whether weather is fetched, written and added to points at all
 * @param provider where observations come from
 * @param entityId the {@code weather.*} entity read from the stream for {@link
 *     WeatherProvider#HA_ENTITY}
 * @param latitude degrees, or null when no location is configured
 * @param longitude degrees, or null when no location is configured
 * @param refreshInterval how long an observation counts as fresh; then it is fetched again
 * @param contextDeviceClasses device classes whose points get {@code weather_*} fields
 */
public record WeatherSettings(
    boolean enabled,
    WeatherProvider provider,
    String entityId,
    Double latitude,
    Double longitude,
    Duration refreshInterval,
    Set<String> contextDeviceClasses) {

  public WeatherSettings {
    contextDeviceClasses = Set.copyOf(contextDeviceClasses);
  }

  /** Weather off. */
  public static WeatherSettings disabled() {
    return new WeatherSettings(
        false,
        WeatherProvider.OPEN_METEO,
        null,
        null,
        null,
        WeatherConfig.DEFAULT_REFRESH_INTERVAL,
        Set.of());
  }

  /** True when a provider that needs a location has one. */
  public boolean hasLocation() {
    return latitude != null && longitude != null;
  }

  /**
   * The runtime section over the environment's settings. A section without a location keeps the
   * environment's: HA's own location ({@code get_config}) is not known to this service.
   */
  static WeatherSettings of(WeatherConfig section, WeatherSettings environment) {
    boolean located = section.latitude() != null && section.longitude() != null;
    return new WeatherSettings(
        section.enabled(),
        section.provider(),
        section.entityId(),
        located ? section.latitude() : environment.latitude(),
        located ? section.longitude() : environment.longitude(),
        section.refreshInterval(),
        Set.copyOf(section.contextDeviceClasses()));
  }
}
