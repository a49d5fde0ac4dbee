package dev.haingestor.admin.influx;

import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small InfluxQL client over InfluxDB's 1.x HTTP API ({@code /query}, {@code /ping}), which 1.x
 * serves natively and 2.x/3.x through their v1 compatibility API.
 *
 * <p>User input reaches InfluxDB only through {@code params} (InfluxQL bind parameters, verified on
 * 1.6.7 in STACK.md and decoded the same way by 2.x's compatibility handler), never by string
 * concatenation into the query text.
 */
@Component
public class InfluxQlClient {

  private static final Logger log = LoggerFactory.getLogger(InfluxQlClient.class);
  private static final String VERSION_HEADER = "X-Influxdb-Version";
  private static final int MAX_ERROR_TEXT = 300;

  private final InfluxProperties properties;
  private final JsonMapper jsonMapper;
  private final WebClient webClient;
  private final QueryLimiter limiter;

  public InfluxQlClient(InfluxProperties properties, JsonMapper jsonMapper) {
    this.properties = properties;
    this.jsonMapper = jsonMapper;
    this.limiter =
        new QueryLimiter(properties.maxConcurrentQueries(), properties.maxQueuedQueries());
    HttpClient http =
        HttpClient.create()
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
            .responseTimeout(properties.queryTimeout());
    this.webClient =
        WebClient.builder()
            .baseUrl(properties.baseUrl())
            .clientConnector(new ReactorClientHttpConnector(http))
            .codecs(
                codecs ->
                    codecs
                        .defaultCodecs()
                        .maxInMemorySize((int) properties.maxResponseSize().toBytes()))
            .defaultHeaders(this::authenticate)
            .build();
    if (properties.apiVersion() == 2 && !properties.hasToken()) {
      log.warn(
          "INFLUXDB_API_VERSION=2 but INFLUXDB_TOKEN is empty: InfluxDB 2.x will refuse the"
              + " event queries until a token is configured");
    }
  }

  /**
   * Runs one InfluxQL statement against the configured database/bucket, with timestamps as epoch
   * nanoseconds.
   *
   * @param influxQl the statement; it must not contain user input, only {@code $name} placeholders
   * @param params the values of the placeholders (strings, numbers)
   * @return the series of the statement, empty when nothing matched; errors with {@link
   *     InfluxUnavailableException} or {@link InfluxQueryException}
   */
  public Mono<List<InfluxSeries>> query(String influxQl, Map<String, ?> params) {
    Mono<List<InfluxSeries>> query =
        Mono.fromCallable(() -> form(influxQl, params))
            .flatMap(
                form ->
                    webClient
                        .post()
                        .uri("/query")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(BodyInserters.fromFormData(form))
                        .exchangeToMono(this::readQueryResponse));
    // The timeout covers the wait for a slot too.
    return limiter
        .limit(query)
        .timeout(properties.queryTimeout())
        .onErrorMap(InfluxQlClient::isUnreachable, this::unavailable)
        .onErrorMap(
            DataBufferLimitException.class,
            e ->
                new InfluxQueryException(
                    "InfluxDB's answer exceeds "
                        + properties.maxResponseSize()
                        + " (INFLUXDB_MAX_RESPONSE_SIZE); narrow the query",
                    e));
  }

  /**
   * {@code GET /ping}: answered without authentication by 1.x and 2.x, with the server version in a
   * header. Any HTTP answer is returned; only a missing answer is an error.
   */
  public Mono<InfluxPing> ping(Duration timeout) {
    return Mono.defer(
        () -> {
          long started = System.nanoTime();
          return webClient
              .get()
              .uri("/ping")
              .exchangeToMono(
                  response ->
                      response
                          .releaseBody()
                          .thenReturn(
                              new InfluxPing(
                                  response.statusCode().value(),
                                  response.headers().asHttpHeaders().getFirst(VERSION_HEADER),
                                  Duration.ofNanos(System.nanoTime() - started))))
              .timeout(timeout)
              .onErrorMap(InfluxQlClient::isUnreachable, this::unavailable);
        });
  }

  private MultiValueMap<String, String> form(String influxQl, Map<String, ?> params) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("q", influxQl);
    form.add("db", properties.queryDatabase());
    form.add("epoch", "ns");
    if (properties.hasRetentionPolicy()) {
      form.add("rp", properties.retentionPolicy());
    }
    if (!params.isEmpty()) {
      form.add("params", jsonMapper.writeValueAsString(params));
    }
    return form;
  }

  private Mono<List<InfluxSeries>> readQueryResponse(ClientResponse response) {
    if (response.statusCode().is2xxSuccessful()) {
      return response
          .bodyToMono(byte[].class)
          .switchIfEmpty(
              Mono.error(() -> new InfluxQueryException("InfluxDB answered /query without a body")))
          .map(this::parse)
          .map(InfluxQlResponse::firstStatementSeries);
    }
    int status = response.statusCode().value();
    return response
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .flatMap(body -> Mono.error(new InfluxQueryException(httpError(status, body))));
  }

  private InfluxQlResponse parse(byte[] body) {
    try {
      return jsonMapper.readValue(body, InfluxQlResponse.class);
    } catch (JacksonException e) {
      throw new InfluxQueryException("InfluxDB's answer to /query is not InfluxQL JSON", e);
    }
  }

  private String httpError(int status, String body) {
    if (status == 401 || status == 403) {
      return "InfluxDB refused the credentials (HTTP "
          + status
          + "); check INFLUXDB_TOKEN or INFLUXDB_USERNAME/INFLUXDB_PASSWORD";
    }
    return "InfluxDB answered HTTP " + status + ": " + errorText(body);
  }

  /** The {@code error} member of a JSON error body, else the body itself, shortened. */
  private String errorText(String body) {
    String text = body;
    try {
      var node = jsonMapper.readTree(body);
      if (node.hasNonNull("error")) {
        text = node.get("error").asString();
      } else if (node.hasNonNull("message")) { // 2.x error shape {"code":…,"message":…}
        text = node.get("message").asString();
      }
    } catch (JacksonException notJson) {
      // a proxy's HTML or plain text: shown as it is, shortened
    }
    text = text.strip();
    if (text.isEmpty()) {
      return "(no body)";
    }
    return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
  }

  private void authenticate(HttpHeaders headers) {
    if (properties.apiVersion() == 2) {
      if (properties.hasToken()) {
        headers.set(HttpHeaders.AUTHORIZATION, "Token " + properties.token());
      }
    } else if (properties.hasUsername()) {
      // Basic auth instead of u/p query parameters keeps the password out of access logs.
      String password = properties.password() == null ? "" : properties.password();
      String credentials = properties.username() + ":" + password;
      headers.set(
          HttpHeaders.AUTHORIZATION,
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * The connection failed or stalled: before the response ({@link WebClientRequestException}), or
   * while reading it (Netty's read timeout of {@code responseTimeout}, a connection closed early —
   * both arrive unwrapped once the response has started).
   */
  static boolean isUnreachable(Throwable e) {
    return e instanceof WebClientRequestException
        || e instanceof TimeoutException
        || e instanceof io.netty.handler.timeout.TimeoutException
        || e instanceof java.io.IOException;
  }

  /** Describes the failure by its kind; messages may carry addresses, never credentials. */
  private InfluxUnavailableException unavailable(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what;
    if (e instanceof TimeoutException
        || root instanceof TimeoutException
        || root.getClass().getSimpleName().contains("Timeout")) {
      what = "no answer in time";
    } else if (root instanceof ConnectException) {
      what = "connection refused";
    } else if (root instanceof UnknownHostException) {
      what = "unknown host";
    } else {
      what = root.getClass().getSimpleName();
    }
    return new InfluxUnavailableException("InfluxDB is unreachable: " + what, e);
  }
}
