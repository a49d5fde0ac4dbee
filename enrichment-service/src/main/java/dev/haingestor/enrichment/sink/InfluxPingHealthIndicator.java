package dev.haingestor.enrichment.sink;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Health component {@code influxdb}: one {@code GET /ping} (answered by InfluxDB 1.x, 2.x and 3.x
 * without authentication) with a short timeout. It asks nothing of the database, so probes stay
 * cheap. The detail {@code circuitBreaker} shows whether writes are paused.
 */
final class InfluxPingHealthIndicator extends AbstractReactiveHealthIndicator {

  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

  private final WebClient webClient;
  private final URI pingUri;
  private final String url;
  private final int apiVersion;
  private final InfluxWriter writer;

  InfluxPingHealthIndicator(InfluxProperties properties, InfluxWriter writer) {
    super("InfluxDB ping failed");
    HttpClient http =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) PING_TIMEOUT.toMillis())
            .responseTimeout(PING_TIMEOUT);
    this.webClient =
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    this.pingUri = URI.create(properties.url() + "/ping");
    this.url = InfluxProperties.withoutUserInfo(properties.url());
    this.apiVersion = properties.apiVersion();
    this.writer = writer;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    builder
        .withDetail("url", url)
        .withDetail("apiVersion", apiVersion)
        .withDetail("circuitBreaker", writer.breaker().getState().name());
    return webClient
        .get()
        .uri(pingUri)
        .exchangeToMono(
            response -> {
              String version = response.headers().asHttpHeaders().getFirst("X-Influxdb-Version");
              if (version != null) {
                builder.withDetail("version", version);
              }
              builder.withDetail("status", response.statusCode().value());
              Health.Builder result =
                  response.statusCode().is2xxSuccessful() ? builder.up() : builder.down();
              return response.releaseBody().thenReturn(result.build());
            })
        .timeout(PING_TIMEOUT);
  }
}
