package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.testsupport.InfluxQl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml's contract with the services: each application service, started from its jar
 * with exactly the environment compose gives it (see {@link ComposeStack} for the only values that
 * change), becomes healthy and does its job — events flow from the (simulated) HA through Redis
 * into InfluxDB, and admin-api serves them. A misspelled or missing variable in compose fails here.
 */
@ExtendWith(ComposeStackExtension.class)
class ComposeContractIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final List<String> APPLICATIONS = ComposeStack.APPLICATIONS;

  @ParameterizedTest
  @FieldSource("APPLICATIONS")
  void applicationServiceIsHealthyWithExactlyItsComposeEnvironment(
      String service, ComposeStack stack) throws Exception {
    String base = stack.process(service).baseUrl();

    // The path of the image's HEALTHCHECK, and the full health with every component (which may
    // report UNKNOWN for a moment after start, until a component's first check).
    assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
    await(service + " health UP")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = get(base + "/actuator/health");
              assertThat(JSON.readTree(health.body()).path("status").stringValue())
                  .as(
                      "%s /actuator/health (HTTP %d): %s\nstarted with %s",
                      service, health.statusCode(), health.body(), stack.environment(service))
                  .isEqualTo("UP");
            });
  }

  @Test
  void composesRedisRequiresThePasswordThatTheServicesAreGiven(ComposeStack stack) {
    assertThat(stack.redis().refusesWithoutPassword()).isTrue();
    List<String> redisCommand = stack.compose().command("redis");
    String password = redisCommand.get(redisCommand.indexOf("--requirepass") + 1);
    for (String service : APPLICATIONS) {
      assertThat(stack.environment(service))
          .as("%s's Redis settings", service)
          .containsEntry("REDIS_PASSWORD", password);
    }
  }

  @Test
  void eventsOfTheSimulatedHomeFlowIntoInfluxDbWithTheHaSchema(ComposeStack stack) {
    stack.awaitPointsInInfluxDb();

    InfluxQl influxQl = stack.influx().influxQl();
    List<InfluxQl.Series> series =
        influxQl.query(stack.database(), "SELECT * FROM \"°C\" GROUP BY * LIMIT 1");
    assertThat(series).isNotEmpty();
    assertThat(series.get(0).tags()).containsEntry("domain", "sensor").containsKey("entity_id");
  }

  @Test
  void adminApiReportsTheWholePipelineUpAndServesItsEvents(ComposeStack stack) throws Exception {
    await("admin-api reports the pipeline UP")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = getFromAdminApi(stack, "/api/v1/health");
              assertThat(JSON.readTree(health.body()).path("status").stringValue())
                  .as("GET /api/v1/health: %s", health.body())
                  .isEqualTo("UP");
            });

    InfluxQl.Series temperature =
        await("a temperature point")
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    stack
                        .influx()
                        .influxQl()
                        .query(
                            stack.database(),
                            "SELECT * FROM \"°C\" GROUP BY \"entity_id\" LIMIT 1"),
                s -> !s.isEmpty())
            .get(0);
    String entityId = "sensor." + temperature.tags().get("entity_id");
    String query =
        "/api/v1/events?entity_id="
            + entityId
            + "&start="
            + encode(Instant.now().minus(Duration.ofHours(1)).toString())
            + "&end="
            + encode(Instant.now().plusSeconds(60).toString())
            + "&limit=10";
    HttpResponse<String> events = getFromAdminApi(stack, query);
    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(events.body());
    assertThat(body.path("events").size()).as(events.body()).isPositive();
    assertThat(body.path("events").get(0).path("entity_id").stringValue()).isEqualTo(entityId);
  }

  /**
   * A GET of admin-api with the {@code ADMIN_API_KEY} compose gives it (as {@code X-API-Key}),
   * which admin-api accepts wherever it asks for a key.
   */
  private static HttpResponse<String> getFromAdminApi(ComposeStack stack, String path)
      throws Exception {
    String url = stack.process("admin-api").baseUrl() + path;
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("X-API-Key", stack.environment("admin-api").get("ADMIN_API_KEY"))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
