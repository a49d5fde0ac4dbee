package dev.haingestor.enrichment.weather;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.UnitNormalizer;
import dev.haingestor.enrichment.runtime.WeatherSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The weather as the pipeline knows it: a Caffeine cache of observations per {@link WeatherKey},
 * each kept up to {@code WEATHER_MAX_AGE} after it was fetched. The consumer only ever reads it —
 * never waits for a provider — so the weather can never delay an event: the refresher fills it in
 * the background, and while a refresh is under way or failing, the previous (stale) observation is
 * still served until it is too old.
 */
@Component
public class WeatherContext {

  private final Cache<WeatherKey, WeatherObservation> cache;
  private final Duration maxAge;
  private final Clock clock;
  private final Counter hits;
  private final Counter misses;
  private final AtomicReference<WeatherObservation> latest = new AtomicReference<>();

  public WeatherContext(WeatherProperties properties, Clock clock, MeterRegistry registry) {
    this.maxAge = properties.maxAge();
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(16).expireAfterWrite(maxAge).build();
    this.hits = lookups(registry, "hit");
    this.misses = lookups(registry, "miss");
    Gauge.builder(MetricNames.ENRICHMENT_WEATHER_AGE, this, WeatherContext::ageSeconds)
        .description("Age of the newest weather observation (since fetched); NaN before the first")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Counter lookups(MeterRegistry registry, String result) {
    return Counter.builder(MetricNames.ENRICHMENT_WEATHER_CACHE)
        .description("Weather context lookups for points")
        .tag("result", result)
        .register(registry);
  }

  /**
   * The {@code weather_*} fields for a point of this device class at this time; empty when the
   * weather is off, the device class is not configured, nothing is cached, or the observation is
   * further than {@code WEATHER_MAX_AGE} from the point's time (a backfilled point gets no
   * present-day weather). Never blocks.
   */
  public Map<String, Object> fieldsFor(WeatherSettings settings, Object deviceClass, Instant at) {
    if (!settings.enabled()
        || !(deviceClass instanceof String dc)
        || !settings.contextDeviceClasses().contains(dc)) {
      return Map.of();
    }
    WeatherObservation observation = cache.getIfPresent(WeatherKey.of(settings));
    if (observation == null
        || Duration.between(observation.observedAt(), at).abs().compareTo(maxAge) > 0) {
      misses.increment();
      return Map.of();
    }
    hits.increment();
    return observation.contextFields();
  }

  /**
   * For the {@code ha_entity} provider: when {@code state} is the configured {@code weather.*}
   * entity, records it as the current observation and returns its {@code weather} point (same time
   * as the state, so idempotent); otherwise null. No external call.
   */
  public InfluxPoint observeEntity(WeatherSettings settings, HaState state) {
    if (!settings.enabled()
        || settings.provider() != WeatherProvider.HA_ENTITY
        || !state.entityId().equals(settings.entityId())) {
      return null;
    }
    WeatherObservation observation = fromEntity(state, clock.instant());
    if (observation.isEmpty()) {
      return null;
    }
    WeatherKey key = WeatherKey.of(settings);
    WeatherObservation current = cache.getIfPresent(key);
    if (current == null || !observation.observedAt().isBefore(current.observedAt())) {
      store(key, observation);
    }
    return observation.toPoint(key.tags());
  }

  /** A fresh observation from a provider. */
  void store(WeatherKey key, WeatherObservation observation) {
    cache.put(key, observation);
    latest.set(observation);
  }

  /** The cached observation, stale or not; null when none (or older than the max age). */
  WeatherObservation cached(WeatherKey key) {
    return cache.getIfPresent(key);
  }

  private double ageSeconds() {
    WeatherObservation observation = latest.get();
    return observation == null
        ? Double.NaN
        : Duration.between(observation.fetchedAt(), clock.instant()).toMillis() / 1000.0;
  }

  /**
   * HA's weather entity (e.g. met.no): condition in the state, values in attributes with their
   * units in {@code *_unit} attributes; converted to °C, hPa and m/s.
   */
  static WeatherObservation fromEntity(HaState state, Instant now) {
    Map<String, Object> a = state.attributes();
    return new WeatherObservation(
        state.lastUpdated(),
        now,
        converted(a.get("temperature"), a.get("temperature_unit")),
        number(a.get("humidity")),
        converted(a.get("pressure"), a.get("pressure_unit")),
        converted(a.get("wind_speed"), a.get("wind_speed_unit")),
        number(a.get("wind_bearing")),
        number(a.get("cloud_coverage")),
        number(a.get("precipitation")),
        state.state());
  }

  private static Double converted(Object value, Object unit) {
    Double number = number(value);
    if (number == null || !(unit instanceof String unitText)) {
      return number;
    }
    Double canonical = UnitNormalizer.toCanonical(number, unitText);
    return canonical != null ? canonical : number;
  }

  static Double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
