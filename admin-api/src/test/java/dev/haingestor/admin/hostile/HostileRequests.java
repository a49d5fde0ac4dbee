package dev.haingestor.admin.hostile;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;

/**
 * Hostile requests for every endpoint (docs/api.md): jqwik generators of malformed parameters,
 * bodies and headers, and how to send one.
 */
final class HostileRequests {

  static final String ADMIN_KEY = "admin-key-0123456789abcdef";
  static final String READ_KEY = "read-key-0123456789abcdef";
  static final String DATABASE = "admin_hostile";

  private HostileRequests() {}

  /** The query parameters of each GET endpoint (docs/api.md). */
  static final Map<String, List<String>> QUERY_PARAMETERS = new LinkedHashMap<>();

  static {
    QUERY_PARAMETERS.put("/api/v1/health", List.of());
    QUERY_PARAMETERS.put("/api/v1/health/live", List.of());
    QUERY_PARAMETERS.put("/api/v1/health/ready", List.of());
    QUERY_PARAMETERS.put("/api/v1/stats", List.of("window", "top"));
    QUERY_PARAMETERS.put("/api/v1/entities", List.of("domain", "search", "offset", "limit"));
    QUERY_PARAMETERS.put("/api/v1/entities/{id}", List.of());
    QUERY_PARAMETERS.put("/api/v1/entities/{id}/history", List.of("start", "end", "every", "fn"));
    QUERY_PARAMETERS.put(
        "/api/v1/events",
        List.of("entity_id", "domain", "start", "end", "limit", "order", "cursor"));
    QUERY_PARAMETERS.put("/api/v1/pipeline", List.of());
    QUERY_PARAMETERS.put("/api/v1/config", List.of());
    QUERY_PARAMETERS.put("/api/v1/config/history", List.of("limit"));
    QUERY_PARAMETERS.put("/api/v1/dead-letters", List.of("reason", "before", "limit"));
  }

  // ---------------------------------------------------------------- generators

  static Arbitrary<String> hostileValues() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "'",
            "\"",
            ";",
            "' OR '1'='1",
            "x; DROP DATABASE " + DATABASE,
            "SELECT * FROM /.*/",
            "/.*/",
            ".*",
            "(a+)+$",
            "[",
            "\\",
            "${jndi:ldap://x/a}",
            "%s%n%x",
            "a\r\nX-Injected: 1",
            "a\nb",
            "\u0000",
            "../../../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e%2f",
            "..\\..\\windows",
            "99999999999999999999999",
            "-1",
            "-0",
            "1e3",
            "0x10",
            "NaN",
            "Infinity",
            "1.5",
            "",
            " ",
            "true",
            "[]",
            "{}",
            "5m",
            "24h",
            "mean",
            "asc",
            "sensor",
            "sensor.power",
            "1-0",
            "0-0",
            "18446744073709551616-0",
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00Z",
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "\ud800",
            "é😀",
            "x".repeat(700)),
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf));
  }

  /** One request: method, path (ids filled in), query, key, body and headers. */
  record Hostile(
      HttpMethod method,
      String path,
      List<Map.Entry<String, String>> query,
      String key,
      String body,
      Map<String, String> headers) {

    String describe() {
      return method
          + " "
          + path
          + query
          + " key="
          + (key == null ? "none" : key.equals(ADMIN_KEY) ? "admin" : "read")
          + " headers="
          + headers
          + (body == null ? "" : " body=" + abbreviate(body));
    }
  }

  static Arbitrary<Hostile> gets() {
    Arbitrary<String> endpoints = Arbitraries.of(List.copyOf(QUERY_PARAMETERS.keySet()));
    return endpoints.flatMap(
        endpoint -> {
          List<String> names = new ArrayList<>(QUERY_PARAMETERS.get(endpoint));
          names.add("unknown");
          Arbitrary<Map.Entry<String, String>> parameter =
              Combinators.combine(Arbitraries.of(names), hostileValues()).as(Map::entry);
          return Combinators.combine(
                  hostileValues(),
                  parameter.list().ofMaxSize(4),
                  Arbitraries.of(READ_KEY, ADMIN_KEY),
                  headers())
              .as(
                  (id, query, key, headers) ->
                      new Hostile(
                          HttpMethod.GET,
                          endpoint.replace("{id}", encodePath(id)),
                          query,
                          key,
                          null,
                          headers));
        });
  }

  static Arbitrary<Hostile> changes() {
    Arbitrary<String> bodies =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                "null",
                "[]",
                "1e999",
                "\"x\"",
                "{\"version\":\"x\"}",
                "{\"filters\":[]}",
                "{\"ids\":\"1-0\"}",
                "{\"ids\":[\"../1-0\",\"1-0; DEL x\"]}",
                "{\"reason\":{\"$ne\":1}}",
                "{\"all\":\"yes\"}",
                "{\"limit\":-1,\"all\":true}",
                "{\"limit\":99999999999999999999,\"all\":true}",
                "{\"a\":1,\"a\":2}",
                "{",
                "\u0000\uFFFD",
                "[".repeat(10_000) + "]".repeat(10_000),
                "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)),
            hostileValues(),
            hostileValues().map(v -> "{\"ids\":[" + quote(v) + "]}"),
            hostileValues().map(v -> "{\"reason\":" + quote(v) + "}"),
            hostileValues().map(v -> "{\"schema\":{\"tags\":{" + quote(v) + ":1}}}"));
    Arbitrary<Hostile> config =
        Combinators.combine(
                Arbitraries.of(HttpMethod.PUT, HttpMethod.PATCH), bodies, ifMatch(), headers())
            .as(
                (method, body, ifMatch, headers) -> {
                  Map<String, String> all = new LinkedHashMap<>(headers);
                  if (ifMatch != null) {
                    all.put(HttpHeaders.IF_MATCH, ifMatch);
                  }
                  return new Hostile(method, "/api/v1/config", List.of(), ADMIN_KEY, body, all);
                });
    Arbitrary<Hostile> replay =
        Combinators.combine(bodies, headers())
            .as(
                (body, headers) ->
                    new Hostile(
                        HttpMethod.POST,
                        "/api/v1/dead-letters/replay",
                        List.of(),
                        ADMIN_KEY,
                        body,
                        headers));
    Arbitrary<Hostile> delete =
        Combinators.combine(hostileValues(), headers())
            .as(
                (id, headers) ->
                    new Hostile(
                        HttpMethod.DELETE,
                        "/api/v1/dead-letters/" + encodePath(id),
                        List.of(),
                        ADMIN_KEY,
                        null,
                        headers));
    return Arbitraries.oneOf(config, replay, delete);
  }

  private static Arbitrary<String> ifMatch() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of("\"1\"", "1", "*", "W/\"1\"", "\"99999999999999999999\"", "\"-1\"", "\"\""),
        // What a client can put on the wire: visible ASCII, no leading or trailing blanks (the
        // HTTP client itself refuses other values before sending).
        hostileValues()
            .map(v -> v.replaceAll("[\\r\\n\\u0000-\\u001f\\u007f-\\uffff]", "?").strip()));
  }

  /** Headers a client may send; values restricted to what an HTTP client can put on the wire. */
  private static Arbitrary<Map<String, String>> headers() {
    Arbitrary<Map.Entry<String, String>> header =
        Arbitraries.of(
            Map.entry(HttpHeaders.CONTENT_TYPE, "application/json; charset=ISO-8859-1"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-16"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "text/plain"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "application/xml"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=x"),
            Map.entry(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Map.entry(HttpHeaders.ACCEPT, "application/xml"),
            Map.entry(HttpHeaders.ACCEPT, "text/html;q=abc"),
            Map.entry(HttpHeaders.ACCEPT, "*/*;q=0"),
            Map.entry(HttpHeaders.ACCEPT_CHARSET, "x-unknown"),
            Map.entry(HttpHeaders.IF_NONE_MATCH, "\"x\""),
            Map.entry(HttpHeaders.RANGE, "bytes=0-1,-5"),
            Map.entry(HttpHeaders.ORIGIN, "http://evil.example"),
            Map.entry("X-Forwarded-For", "127.0.0.1, ::1, x"),
            Map.entry("X-Forwarded-Host", "evil.example"),
            Map.entry("X-HTTP-Method-Override", "DELETE"));
    return header
        .list()
        .ofMaxSize(3)
        .map(
            list -> {
              Map<String, String> map = new LinkedHashMap<>();
              list.forEach(e -> map.put(e.getKey(), e.getValue()));
              return map;
            });
  }

  // ---------------------------------------------------------------- plumbing

  static void send(WebTestClient web, int port, Hostile request, List<String> secrets) {
    EntityExchangeResult<byte[]> result = exchange(web, port, request);
    String what = request.describe();
    int status = result.getStatus().value();
    boolean healthReport =
        status == 503
            && (request.path().equals("/api/v1/health")
                || request.path().equals("/api/v1/health/ready"));
    if (healthReport) {
      // The health endpoints answer 503 with their documented report (docs/api.md), no problem.
      SafeResponses.noLeak(
          what, status, result.getResponseHeaders(), text(result.getResponseBody()), secrets);
      return;
    }
    SafeResponses.check(
        what, status, result.getResponseHeaders(), text(result.getResponseBody()), secrets, true);
  }

  static EntityExchangeResult<byte[]> exchange(WebTestClient web, int port, Hostile request) {
    String query =
        request.query().stream()
            .map(
                e ->
                    UriUtils.encodeQueryParam(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + UriUtils.encodeQueryParam(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + request.path()
                + (query.isEmpty() ? "" : "?" + query.replace("+", "%2B")));
    WebTestClient.RequestBodySpec spec =
        web.method(request.method())
            .uri(uri)
            .headers(
                headers -> {
                  if (request.key() != null) {
                    headers.set("X-API-Key", request.key());
                  }
                  request.headers().forEach(headers::set);
                });
    WebTestClient.RequestHeadersSpec<?> ready =
        request.body() == null
            ? spec
            : spec.bodyValue(request.body().getBytes(StandardCharsets.UTF_8));
    return ready.exchange().expectBody().returnResult();
  }

  private static String encodePath(String segment) {
    return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static String text(byte[] body) {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + ")";
  }
}
