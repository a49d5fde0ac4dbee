package dev.haingestor.enrichment.weather;

import reactor.core.publisher.Mono;

/** An external weather provider: the current observation at a location. */
interface WeatherSource {

  /**
   * One request. Fails with {@link WeatherFetchException} (never with a message that contains the
   * request URL, which may carry an API key).
   */
  Mono<WeatherObservation> fetch(double latitude, double longitude);
}
