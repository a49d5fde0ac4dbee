package dev.haingestor.admin.hostile;

import static dev.haingestor.admin.hostile.HostileRequests.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.admin.hostile.HostileRequests.Hostile;
import dev.haingestor.testsupport.RealServers;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Path traversal in ids and oversized requests (issue 8, "Hostile input" 2): 4xx, a problem body
 * wherever the application answers, no stack trace, no secret; the server keeps answering. The
 * generated parameters, bodies and headers are {@link HostileRequestPropertiesIT}.
 */
class HostileRequestsIT extends AdminApiIntegrationTest {

  private static final String DATABASE =
      RealServers.influx().createDatabase(HostileRequests.DATABASE);

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, HostileRequestsIT.class, DATABASE);
    apiKeys(registry);
    registry.add("admin.rate-limit.requests-per-second", () -> "100000");
    registry.add("admin.rate-limit.auth-failures-per-minute", () -> "100000");
  }

  private final List<String> secrets = SafeResponses.secrets(ADMIN_KEY, READ_KEY);

  @Test
  void refusesPathTraversalInEntityAndDeadLetterIds() {
    List<String> traversals =
        List.of(
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e%2f%2e%2e%2factuator%2fenv",
            "%2e%2e",
            "..%5c..%5c",
            "%252e%252e%252f",
            "sensor.x%00",
            "sensor.x%2f..%2f..%2factuator%2fenv",
            ".%2e/.%2e/actuator/env",
            "..;/..;/actuator/env");
    List<String> templates =
        List.of(
            "/api/v1/entities/%s",
            "/api/v1/entities/%s/history", "/api/v1/dead-letters/%s", "/api/v1/%s/actuator/env");
    for (String template : templates) {
      for (String traversal : traversals) {
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.DELETE)) {
          String path = template.formatted(traversal);
          EntityExchangeResult<byte[]> result =
              web.method(method)
                  .uri(URI.create("http://127.0.0.1:" + port + path))
                  .header("X-API-Key", ADMIN_KEY)
                  .exchange()
                  .expectBody()
                  .returnResult();
          String body = text(result.getResponseBody());
          String what = method + " " + path;
          SafeResponses.check(
              what, result.getStatus().value(), result.getResponseHeaders(), body, secrets, true);
          assertThat(result.getStatus().is4xxClientError()).as(what).isTrue();
          assertThat(body).as(what).doesNotContain("root:", "propertySources", "JAVA_HOME");
        }
      }
    }
    // Raw dot segments (not encoded) are normalised away by clients; the server sees them too.
    for (String path :
        List.of("/api/v1/../../actuator/env", "/api/v1/./../actuator/heapdump", "/actuator/env")) {
      EntityExchangeResult<byte[]> result =
          web.get()
              .uri(URI.create("http://127.0.0.1:" + port + path))
              .header("X-API-Key", ADMIN_KEY)
              .exchange()
              .expectBody()
              .returnResult();
      SafeResponses.check(
          path,
          result.getStatus().value(),
          result.getResponseHeaders(),
          text(result.getResponseBody()),
          secrets,
          true);
      assertThat(result.getStatus().value()).as(path).isEqualTo(404);
    }
  }

  @Test
  void refusesOversizedQueriesHeadersAndBodies() {
    String hundredKb = "a".repeat(100 * 1024);
    List<Hostile> oversized =
        List.of(
            new Hostile(
                HttpMethod.GET,
                "/api/v1/entities",
                List.of(Map.entry("search", hundredKb)),
                READ_KEY,
                null,
                Map.of()),
            new Hostile(
                HttpMethod.GET,
                "/api/v1/events",
                List.of(Map.entry("entity_id", hundredKb)),
                READ_KEY,
                null,
                Map.of()),
            new Hostile(
                HttpMethod.GET,
                "/api/v1/stats",
                List.of(),
                READ_KEY,
                null,
                Map.of("X-Filler", hundredKb)),
            new Hostile(
                HttpMethod.GET,
                "/api/v1/stats",
                List.of(),
                READ_KEY + "x".repeat(64 * 1024),
                null,
                Map.of()),
            new Hostile(
                HttpMethod.PATCH,
                "/api/v1/config",
                List.of(),
                ADMIN_KEY,
                "{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}",
                Map.of(HttpHeaders.IF_MATCH, "\"1\"")),
            new Hostile(
                HttpMethod.POST,
                "/api/v1/dead-letters/replay",
                List.of(),
                ADMIN_KEY,
                "[" + "1,".repeat(5 * 1024 * 1024) + "1]",
                Map.of()));
    for (Hostile request : oversized) {
      EntityExchangeResult<byte[]> result = HostileRequests.exchange(web, port, request);
      SafeResponses.check(
          request.describe(),
          result.getStatus().value(),
          result.getResponseHeaders(),
          text(result.getResponseBody()),
          secrets,
          false);
      assertThat(result.getStatus().is4xxClientError()).as(request.describe()).isTrue();
    }
    // The server is still there and answers normally.
    web.get()
        .uri("/api/v1/health/live")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
  }

  @Test
  void answersProblemBodiesWhateverTheAcceptHeaderSays() {
    for (String accept : List.of("text/html;q=abc", "application/xml", "text/html", ";;;")) {
      EntityExchangeResult<byte[]> result =
          web.post()
              .uri("/api/v1/dead-letters/replay")
              .header("X-API-Key", ADMIN_KEY)
              .header(HttpHeaders.ACCEPT, accept)
              .exchange()
              .expectBody()
              .returnResult();
      // 400 (no body) or 406 (the answer is JSON): a problem body either way.
      SafeResponses.check(
          "Accept: " + accept,
          result.getStatus().value(),
          result.getResponseHeaders(),
          text(result.getResponseBody()),
          secrets,
          true);
      assertThat(result.getStatus().is4xxClientError()).as(accept).isTrue();
    }
  }
}
