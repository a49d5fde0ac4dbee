package dev.haingestor.admin.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotes, semicolons, regular expressions and InfluxQL keywords in every string parameter of every
 * endpoint: each answer is a 400 problem naming the parameter, or a correct empty answer (a literal
 * search that matches nothing, an unknown id) — never another query's data, never a 5xx. InfluxDB
 * and Redis hold data that a changed query would return.
 */
class InjectionIT extends AdminApiIntegrationTest {

  private static final String DATABASE = RealServers.influx().createDatabase("admin_injection");
  private static final Instant T0 = Instant.now().minusSeconds(600);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final List<String> PAYLOADS =
      List.of(
          "'",
          "\"",
          ";",
          "sensor' OR '1'='1",
          "sensor\" OR \"1\"=\"1",
          "x; DROP DATABASE " + DATABASE,
          "x\"; DROP MEASUREMENT \"W\"; --",
          ".*",
          "/.*/",
          "sensor.power' OR entity_id =~ /.*/ --",
          "SELECT * FROM /.*/",
          "1 OR time > 0",
          "$domain",
          "\\",
          "a\nb",
          "5m) fill(0); SELECT *",
          "mean(\"value\")",
          "*",
          "1-0 OR 1",
          "${jndi:ldap://x}");

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, InjectionIT.class, DATABASE);
    apiKeys(registry);
    registry.add("admin.rate-limit.requests-per-second", () -> "100000");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  @BeforeAll
  static void data() {
    String lines =
        "W,domain=sensor,entity_id=power value=1 "
            + HaTimestamps.toEpochMicros(T0)
            + "\nW,domain=sensor,entity_id=secret value=2 "
            + HaTimestamps.toEpochMicros(T0.plusSeconds(1));
    RealServers.influx().influxQl().write(DATABASE, lines, "us");
  }

  private void index() {
    redis
        .opsForHash()
        .put(
            new EntityIndexKeys(keys).index(),
            "sensor.power",
            "{\"entity_id\":\"sensor.power\",\"state\":\"1\",\"friendly_name\":\"Power\"}")
        .block(Duration.ofSeconds(5));
  }

  private record Probe(
      String description,
      HttpMethod method,
      String uri,
      Map<String, String> vars,
      String body,
      String header,
      Set<Integer> allowed,
      String parameter) {}

  private EntityExchangeResult<byte[]> send(Probe probe) {
    var spec =
        web.method(probe.method())
            .uri(probe.uri(), probe.vars())
            .header("X-API-Key", probe.method() == HttpMethod.GET ? READ_KEY : ADMIN_KEY);
    if (probe.header() != null) {
      spec = spec.header("If-Match", probe.header());
    }
    if (probe.body() != null) {
      return spec.contentType(MediaType.APPLICATION_JSON)
          .bodyValue(probe.body())
          .exchange()
          .expectBody()
          .returnResult();
    }
    return spec.exchange().expectBody().returnResult();
  }

  private static Probe query(String path, String parameter, String payload, String otherParams) {
    return new Probe(
        "GET " + path + " " + parameter,
        HttpMethod.GET,
        path + "?" + parameter + "={v}" + otherParams,
        Map.of("v", payload),
        null,
        null,
        Set.of(400),
        parameter);
  }

  private static List<Probe> probes(String payload) {
    String json = JSON.writeValueAsString(payload);
    List<Probe> probes = new ArrayList<>();
    for (String parameter : List.of("window", "top")) {
      probes.add(query("/api/v1/stats", parameter, payload, ""));
    }
    for (String parameter : List.of("domain", "offset", "limit")) {
      probes.add(query("/api/v1/entities", parameter, payload, ""));
    }
    for (String parameter :
        List.of("entity_id", "domain", "start", "end", "limit", "order", "cursor")) {
      probes.add(
          query(
              "/api/v1/events",
              parameter,
              payload,
              parameter.equals("entity_id") || parameter.equals("domain") ? "" : "&domain=sensor"));
    }
    for (String parameter : List.of("start", "end", "every", "fn")) {
      probes.add(query("/api/v1/entities/sensor.power/history", parameter, payload, ""));
    }
    probes.add(query("/api/v1/config/history", "limit", payload, ""));
    for (String parameter : List.of("reason", "before", "limit")) {
      probes.add(query("/api/v1/dead-letters", parameter, payload, ""));
    }
    probes.add(
        new Probe(
            "GET entity path",
            HttpMethod.GET,
            "/api/v1/entities/{v}",
            Map.of("v", payload),
            null,
            null,
            Set.of(400, 404),
            "entity_id"));
    probes.add(
        new Probe(
            "GET history path",
            HttpMethod.GET,
            "/api/v1/entities/{v}/history",
            Map.of("v", payload),
            null,
            null,
            Set.of(400, 404),
            "entity_id"));
    probes.add(
        new Probe(
            "DELETE dead letter path",
            HttpMethod.DELETE,
            "/api/v1/dead-letters/{v}",
            Map.of("v", payload),
            null,
            null,
            Set.of(400, 404),
            "id"));
    probes.add(
        new Probe(
            "replay ids",
            HttpMethod.POST,
            "/api/v1/dead-letters/replay",
            Map.of(),
            "{\"ids\":[" + json + "]}",
            null,
            Set.of(400),
            "ids"));
    probes.add(
        new Probe(
            "replay reason",
            HttpMethod.POST,
            "/api/v1/dead-letters/replay",
            Map.of(),
            "{\"reason\":" + json + "}",
            null,
            Set.of(400),
            "reason"));
    probes.add(
        new Probe(
            "PUT If-Match",
            HttpMethod.PUT,
            "/api/v1/config",
            Map.of(),
            "{}",
            payload.contains("\n") ? "x" : payload,
            Set.of(400),
            "If-Match"));
    probes.add(
        new Probe(
            "PUT config entity",
            HttpMethod.PUT,
            "/api/v1/config",
            Map.of(),
            "{\"filter\":{\"include\":{\"entities\":[" + json + "]}}}",
            "\"0\"",
            Set.of(400),
            null));
    probes.add(
        new Probe(
            "PATCH config domain",
            HttpMethod.PATCH,
            "/api/v1/config",
            Map.of(),
            "{\"filter\":{\"exclude\":{\"domains\":[" + json + "]}}}",
            "\"0\"",
            Set.of(400),
            null));
    return probes;
  }

  @Test
  void answersEveryInjectionAttemptWith400OrNotFound() {
    index();
    List<String> failures = new ArrayList<>();
    for (String payload : PAYLOADS) {
      for (Probe probe : probes(payload)) {
        EntityExchangeResult<byte[]> result = send(probe);
        int status = result.getStatus().value();
        String body = result.getResponseBody() == null ? "" : new String(result.getResponseBody());
        boolean ok =
            probe.allowed().contains(status)
                && result.getResponseHeaders().getContentType() != null
                && result
                    .getResponseHeaders()
                    .getContentType()
                    .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                && !body.contains("secret")
                && (status != 400
                    || probe.parameter() == null
                    || body.contains("\"parameter\":\"" + probe.parameter() + "\""));
        if (!ok) {
          failures.add(
              probe.description()
                  + " <"
                  + payload.replace("\n", "\\n")
                  + "> → "
                  + status
                  + " "
                  + body);
        }
      }
    }
    assertThat(failures).isEmpty();
    // Nothing was dropped or written by any of them.
    assertThat(
            RealServers.influx().influxQl().count(DATABASE, "SELECT count(\"value\") FROM \"W\""))
        .isEqualTo(2);
    assertThat(PAYLOADS.size() * probes("x").size()).isGreaterThan(500);
  }

  @Test
  void searchesForTheTextLiterallyAndFindsNothing() {
    index();
    Function<String, EntityExchangeResult<byte[]>> search =
        text ->
            web.get()
                .uri("/api/v1/entities?search={v}", Map.of("v", text))
                .header("X-API-Key", READ_KEY)
                .exchange()
                .expectBody()
                .returnResult();
    for (String payload : PAYLOADS) {
      if (payload.contains("\n")) {
        continue; // control characters are refused (400), tested with the other probes
      }
      EntityExchangeResult<byte[]> result = search.apply(payload);
      assertThat(result.getStatus().value()).as(payload).isEqualTo(200);
      assertThat(new String(result.getResponseBody())).as(payload).contains("\"total\":0");
    }
    assertThat(new String(search.apply("power").getResponseBody())).contains("\"total\":1");
  }
}
