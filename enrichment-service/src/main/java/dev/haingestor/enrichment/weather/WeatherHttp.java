package dev.haingestor.enrichment.weather;

import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The one HTTP exchange both providers make: GET, JSON answer, any non-2xx or transport failure
 * turned into a {@link WeatherFetchException} that names the provider and status only.
 */
final class WeatherHttp {

  private WeatherHttp() {}

  static Mono<JsonNode> getJson(WebClient http, String uri, String provider) {
    return http.get()
        .uri(uri)
        .exchangeToMono(
            response -> {
              if (!response.statusCode().is2xxSuccessful()) {
                return response
                    .releaseBody()
                    .then(
                        Mono.error(
                            new WeatherFetchException(
                                provider + " answered HTTP " + response.statusCode().value())));
              }
              return response.bodyToMono(JsonNode.class);
            })
        .switchIfEmpty(
            Mono.error(new WeatherFetchException(provider + " answered with an empty body")))
        .onErrorMap(
            error -> !(error instanceof WeatherFetchException),
            // The transport's messages may quote the URL; keep only the kind of failure.
            error ->
                new WeatherFetchException(
                    provider + " request failed: " + error.getClass().getSimpleName()));
  }

  static Double number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asDouble() : null;
  }
}
