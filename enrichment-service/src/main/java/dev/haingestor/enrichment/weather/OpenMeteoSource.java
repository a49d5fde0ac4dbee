package dev.haingestor.enrichment.weather;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Open-Meteo's forecast API, current conditions ({@code GET /v1/forecast?current=…}), no key. Asked
 * for m/s and epoch seconds, so the answer needs no conversion: °C, %, hPa (sea level), m/s, °, %,
 * mm, and the WMO weather code as condition.
 */
final class OpenMeteoSource implements WeatherSource {

  private static final String CURRENT =
      "temperature_2m,relative_humidity_2m,pressure_msl,wind_speed_10m,wind_direction_10m,"
          + "cloud_cover,precipitation,weather_code";

  private final WebClient http;
  private final String baseUrl;
  private final Clock clock;

  OpenMeteoSource(WebClient http, String baseUrl, Clock clock) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  @Override
  public Mono<WeatherObservation> fetch(double latitude, double longitude) {
    String uri =
        UriComponentsBuilder.fromUriString(baseUrl)
            .path("/v1/forecast")
            .queryParam("latitude", String.format(Locale.ROOT, "%.4f", latitude))
            .queryParam("longitude", String.format(Locale.ROOT, "%.4f", longitude))
            .queryParam("current", CURRENT)
            .queryParam("wind_speed_unit", "ms")
            .queryParam("timeformat", "unixtime")
            .build()
            .toUriString();
    return WeatherHttp.getJson(http, uri, "Open-Meteo").map(this::observation);
  }

  private WeatherObservation observation(JsonNode body) {
    JsonNode current = body.path("current");
    if (!current.path("time").isNumber()) {
      throw new WeatherFetchException("Open-Meteo answered without current.time");
    }
    JsonNode code = current.path("weather_code");
    return new WeatherObservation(
        Instant.ofEpochSecond(current.path("time").asLong()),
        clock.instant(),
        WeatherHttp.number(current, "temperature_2m"),
        WeatherHttp.number(current, "relative_humidity_2m"),
        WeatherHttp.number(current, "pressure_msl"),
        WeatherHttp.number(current, "wind_speed_10m"),
        WeatherHttp.number(current, "wind_direction_10m"),
        WeatherHttp.number(current, "cloud_cover"),
        WeatherHttp.number(current, "precipitation"),
        code.isNumber() ? "wmo_" + code.asInt() : null);
  }
}
