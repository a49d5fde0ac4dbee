package dev.haingestor.admin.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.testsupport.RealServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every answer to hostile input must satisfy: no 500; a 4xx or 5xx is an RFC 9457 problem
 * whose {@code status} member is the HTTP status; no stack-trace text and no configured secret in
 * the body or the headers.
 */
final class SafeResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Text that only a leaked stack trace or exception would put in an answer. */
  static final List<String> STACK_TRACE_MARKERS =
      List.of("at dev.", "at java.", "at org.", "at reactor.", "Exception", "java.", "\tat ");

  private SafeResponses() {}

  /** The secrets of the test context: both API keys, InfluxDB's token, Redis's password. */
  static List<String> secrets(String... keys) {
    List<String> secrets = new ArrayList<>(List.of(keys));
    String token = RealServers.influx().token();
    if (token != null && token.length() >= 8) {
      secrets.add(token);
    }
    String password = RealServers.redis().password();
    if (password != null && !password.isEmpty()) {
      secrets.add(password);
    }
    return secrets;
  }

  /**
   * @param what the request, for messages
   * @param problemRequired false where the HTTP codec itself may refuse the request before any
   *     application code runs (oversized lines and headers): then an empty body is accepted
   */
  static void check(
      String what,
      int status,
      HttpHeaders headers,
      String body,
      List<String> secrets,
      boolean problemRequired) {
    String text = noLeak(what, status, headers, body, secrets);
    if (status < 400 || (!problemRequired && text.isEmpty())) {
      return;
    }
    assertThat(headers.getContentType())
        .as("%s: %d must be a problem body, was %s", what, status, text)
        .isNotNull();
    assertThat(headers.getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .as("%s: content type of %d: %s", what, status, headers.getContentType())
        .isTrue();
    JsonNode problem = JSON.readTree(text);
    assertThat(problem.path("status").asInt())
        .as("%s: problem status in %s", what, text)
        .isEqualTo(status);
    assertThat(problem.path("title").asString("")).as("%s: problem title", what).isNotBlank();
    assertThat(problem.has("type")).as("%s: problem type", what).isTrue();
  }

  /** No 500, no stack-trace text, no secret; returns the body text. */
  static String noLeak(
      String what, int status, HttpHeaders headers, String body, List<String> secrets) {
    String text = Objects.requireNonNullElse(body, "");
    assertThat(status).as("%s: status", what).isNotEqualTo(500).isBetween(200, 599);
    for (String marker : STACK_TRACE_MARKERS) {
      assertThat(text).as("%s: body leaks '%s'", what, marker).doesNotContain(marker);
    }
    String headerText = headers.toString();
    for (String secret : secrets) {
      assertThat(text).as("%s: body leaks a secret", what).doesNotContain(secret);
      assertThat(headerText).as("%s: headers leak a secret", what).doesNotContain(secret);
    }
    return text;
  }
}
