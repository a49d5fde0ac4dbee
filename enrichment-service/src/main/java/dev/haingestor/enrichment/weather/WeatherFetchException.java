package dev.haingestor.enrichment.weather;

/**
 * A provider call that gave no usable observation. Its message names the provider and the HTTP
 * status or the kind of failure, never the request URL (OpenWeatherMap's key is in the query).
 */
final class WeatherFetchException extends RuntimeException {

  WeatherFetchException(String message) {
    super(message, null, false, false);
  }
}
