package dev.haingestor.testsupport.influx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** {@code GET /ping}: 204 when InfluxDB (1.x or 2.x) is ready, with its version in a header. */
final class InfluxPing {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private InfluxPing() {}

  /** The {@code X-Influxdb-Version} of a ready server; empty while it does not answer 204. */
  static Optional<String> version(String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/ping")).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 204) {
        return Optional.empty();
      }
      return Optional.of(response.headers().firstValue("X-Influxdb-Version").orElse("unknown"));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
