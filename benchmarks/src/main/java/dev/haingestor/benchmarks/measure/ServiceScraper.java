package dev.haingestor.benchmarks.measure;

import dev.haingestor.testsupport.process.ServiceJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Scrapes a service's {@code /actuator/prometheus}. */
public final class ServiceScraper {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public PrometheusText scrape(ServiceJar service) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            service.name() + " /actuator/prometheus answered HTTP " + response.statusCode());
      }
      return PrometheusText.parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(service.name() + " /actuator/prometheus failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
