package dev.haingestor.enrichment.weather;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * OpenWeatherMap's current weather ({@code GET /data/2.5/weather?units=metric}): °C, %, hPa, m/s,
 * °, %, rain of the last hour in mm, and the condition's {@code main} text. The API key goes in the
 * query ({@code appid}), so neither the URL nor the client's messages are ever logged.
 */
final class OpenWeatherMapSource implements WeatherSource {

  private final WebClient http;
  private final String baseUrl;
  private final String apiKey;
  private final Clock clock;

  OpenWeatherMapSource(WebClient http, String baseUrl, String apiKey, Clock clock) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.clock = clock;
  }

  @Override
  public Mono<WeatherObservation> fetch(double latitude, double longitude) {
    String uri =
        UriComponentsBuilder.fromUriString(baseUrl)
            .path("/data/2.5/weather")
            .queryParam("lat", String.format(Locale.ROOT, "%.4f", latitude))
            .queryParam("lon", String.format(Locale.ROOT, "%.4f", longitude))
            .queryParam("units", "metric")
            .queryParam("appid", apiKey)
            .encode()
            .build()
            .toUriString();
    return WeatherHttp.getJson(http, uri, "OpenWeatherMap").map(this::observation);
  }

  private WeatherObservation observation(JsonNode body) {
    if (!body.path("dt").isNumber()) {
      throw new WeatherFetchException("OpenWeatherMap answered without dt");
    }
    JsonNode main = body.path("main");
    JsonNode wind = body.path("wind");
    JsonNode condition = body.path("weather").path(0).path("main");
    return new WeatherObservation(
        Instant.ofEpochSecond(body.path("dt").asLong()),
        clock.instant(),
        WeatherHttp.number(main, "temp"),
        WeatherHttp.number(main, "humidity"),
        WeatherHttp.number(main, "pressure"),
        WeatherHttp.number(wind, "speed"),
        WeatherHttp.number(wind, "deg"),
        WeatherHttp.number(body.path("clouds"), "all"),
        WeatherHttp.number(body.path("rain"), "1h"),
        condition.isString() ? condition.asString().toLowerCase(Locale.ROOT) : null);
  }
}
