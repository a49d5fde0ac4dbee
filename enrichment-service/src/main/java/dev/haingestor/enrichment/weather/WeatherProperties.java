package dev.haingestor.enrichment.weather;

import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.enrichment.runtime.WeatherSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The weather context from the environment. The runtime configuration's {@code weather} section
 * replaces the first seven settings while the service runs; the API key, URLs and resilience
 * settings stay here (secrets never go into the runtime configuration).
 *
 * @param enabled {@code WEATHER_ENABLED}
 * @param provider {@code WEATHER_PROVIDER}: {@code open_meteo} (default, no key), {@code
 *     openweathermap} (needs {@code WEATHER_API_KEY}) or {@code ha_entity} (HA's own {@code
 *     weather.*} entity from the stream: no external call)
 * @param entityId {@code WEATHER_ENTITY_ID}: the {@code weather.*} entity for {@code ha_entity}
 * @param latitude {@code WEATHER_LATITUDE}
 * @param longitude {@code WEATHER_LONGITUDE}
 * @param refreshInterval {@code WEATHER_REFRESH_INTERVAL}: an observation is fresh this long (the
 *     cache's TTL), then fetched again
 * @param contextDeviceClasses {@code WEATHER_CONTEXT_DEVICE_CLASSES}: device classes whose points
 *     get {@code weather_*} fields
 * @param apiKey {@code WEATHER_API_KEY}: OpenWeatherMap's key; never logged
 * @param maxAge {@code WEATHER_MAX_AGE}: a stale observation is still served this long after it was
 *     fetched, while refreshes fail; also the largest distance between a point's time and the
 *     observation for context fields
 * @param timeout {@code WEATHER_TIMEOUT}: bound of one provider call (Resilience4j time limiter)
 * @param attempts {@code WEATHER_ATTEMPTS}: attempts per refresh, with back-off
 * @param breakerOpenDuration {@code WEATHER_BREAKER_OPEN_DURATION}: how long the provider's breaker
 *     stays open after repeated failures
 * @param checkInterval {@code WEATHER_CHECK_INTERVAL}: how often the refresher looks whether the
 *     observation is due
 * @param openMeteoUrl {@code WEATHER_OPEN_METEO_URL}
 * @param openweathermapUrl {@code WEATHER_OPENWEATHERMAP_URL}
 */
@Validated
@ConfigurationProperties("weather")
public record WeatherProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("open_meteo") @NotNull WeatherProvider provider,
    String entityId,
    @DecimalMin("-90") @DecimalMax("90") Double latitude,
    @DecimalMin("-180") @DecimalMax("180") Double longitude,
    @DefaultValue("15m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24)
        Duration refreshInterval,
    @DefaultValue List<String> contextDeviceClasses,
    String apiKey,
    @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration maxAge,
    @DefaultValue("5s") @NotNull @DurationMin(millis = 10) Duration timeout,
    @DefaultValue("3") @Min(1) @Max(10) int attempts,
    @DefaultValue("60s") @NotNull @DurationMin(millis = 10) Duration breakerOpenDuration,
    @DefaultValue("30s") @NotNull @DurationMin(millis = 10) Duration checkInterval,
    @DefaultValue("https://api.open-meteo.com") @NotBlank String openMeteoUrl,
    @DefaultValue("https://api.openweathermap.org") @NotBlank String openweathermapUrl) {

  public WeatherProperties {
    contextDeviceClasses =
        contextDeviceClasses == null ? List.of() : List.copyOf(contextDeviceClasses);
  }

  /** The settings the runtime configuration can replace. */
  public WeatherSettings toSettings() {
    return new WeatherSettings(
        enabled,
        provider,
        entityId,
        latitude,
        longitude,
        refreshInterval,
        Set.copyOf(contextDeviceClasses));
  }

  boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  @Override
  public String toString() {
    return "WeatherProperties[enabled=%s, provider=%s, entityId=%s, latitude=%s, longitude=%s, refreshInterval=%s, contextDeviceClasses=%s, maxAge=%s, timeout=%s, attempts=%d, breakerOpenDuration=%s, checkInterval=%s, openMeteoUrl=%s, openweathermapUrl=%s, apiKey=%s]"
        .formatted(
            enabled,
            provider,
            entityId,
            latitude,
            longitude,
            refreshInterval,
            contextDeviceClasses,
            maxAge,
            timeout,
            attempts,
            breakerOpenDuration,
            checkInterval,
            openMeteoUrl,
            openweathermapUrl,
            hasApiKey() ? "******" : "<unset>");
  }
}
