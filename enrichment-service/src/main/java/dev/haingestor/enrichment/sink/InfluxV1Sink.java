package dev.haingestor.enrichment.sink;

import dev.haingestor.enrichment.point.TimestampPrecision;
import io.netty.channel.ChannelOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Writes to InfluxDB 1.x's native {@code POST /write?db=&rp=&precision=}, as HA's {@code
 * api_version: 1} does. Credentials go in a basic-authentication header rather than the {@code
 * u}/{@code p} query parameters, so they never appear in URLs or access logs.
 */
final class InfluxV1Sink implements InfluxSink {

  private static final String INFLUX_ERROR_HEADER = "X-Influxdb-Error";
  private static final int MAX_ERROR_TEXT = 4096;

  /**
   * Smaller bodies are sent as they are even with gzip on: a batch of a few lines (what a quiet
   * home writes) shrinks by a few hundred bytes at most, and setting up the deflater was the
   * largest single cost of such a write in the consumer's CPU profile.
   */
  static final int MIN_GZIP_BYTES = 1024;

  private final WebClient webClient;
  private final Map<TimestampPrecision, URI> writeUris = new EnumMap<>(TimestampPrecision.class);
  private final String username;
  private final String password;
  private final boolean gzip;
  private final Duration timeout;
  private final String target;

  InfluxV1Sink(InfluxProperties properties) {
    this.timeout = properties.timeout();
    HttpClient http =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .responseTimeout(timeout);
    this.webClient =
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    for (TimestampPrecision precision : TimestampPrecision.values()) {
      UriComponentsBuilder uri =
          UriComponentsBuilder.fromUriString(properties.url())
              .path("/write")
              .queryParam("db", properties.database())
              .queryParam("precision", v1Precision(precision));
      if (InfluxProperties.hasText(properties.retentionPolicy())) {
        uri.queryParam("rp", properties.retentionPolicy());
      }
      writeUris.put(precision, uri.encode().build().toUri());
    }
    this.username = properties.username();
    this.password = properties.password();
    this.gzip = properties.gzip();
    this.target = properties.target();
  }

  @Override
  public Mono<Void> write(String lineProtocol, TimestampPrecision precision) {
    byte[] plain = lineProtocol.getBytes(StandardCharsets.UTF_8);
    boolean compressed = gzip && plain.length >= MIN_GZIP_BYTES;
    byte[] body = compressed ? gzip(plain) : plain;
    return webClient
        .post()
        .uri(writeUris.get(precision))
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .headers(headers -> addHeaders(headers, compressed))
        .bodyValue(body)
        .exchangeToMono(InfluxV1Sink::toResult)
        .timeout(timeout)
        .onErrorMap(error -> !(error instanceof InfluxWriteException), InfluxV1Sink::noAnswer);
  }

  /**
   * The 1.x spelling: {@code n}, {@code u}, {@code ms}, {@code s}. InfluxDB 1.x does not know
   * {@code us} and silently reads it as nanoseconds, storing times 1000 times too early.
   */
  static String v1Precision(TimestampPrecision precision) {
    return switch (precision) {
      case NS -> "n";
      case US -> "u";
      case MS -> "ms";
      case S -> "s";
    };
  }

  @Override
  public String target() {
    return target;
  }

  private void addHeaders(HttpHeaders headers, boolean compressed) {
    if (compressed) {
      headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    if (InfluxProperties.hasText(username)) {
      headers.setBasicAuth(username, password, StandardCharsets.UTF_8);
    }
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(plain.length / 4 + 64);
    // Fastest level: line protocol compresses about 10:1 even so, for a fraction of the CPU.
    try (GZIPOutputStream out =
        new GZIPOutputStream(compressed) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      out.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip of an in-memory buffer failed", e);
    }
    return compressed.toByteArray();
  }

  private static Mono<Void> toResult(ClientResponse response) {
    if (response.statusCode().is2xxSuccessful()) {
      return response.releaseBody();
    }
    String headerError = response.headers().asHttpHeaders().getFirst(INFLUX_ERROR_HEADER);
    return response
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .flatMap(
            body ->
                Mono.error(
                    InfluxWriteException.forStatus(
                        response.statusCode().value(), errorText(headerError, body))));
  }

  private static String errorText(String headerError, String body) {
    String text = headerError != null && !headerError.isBlank() ? headerError : body.strip();
    return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
  }

  private static InfluxWriteException noAnswer(Throwable error) {
    String what =
        error instanceof TimeoutException
            ? "no answer from InfluxDB within the write timeout"
            : "no answer from InfluxDB: " + error;
    return new RetryableWriteException(0, what, error);
  }
}
