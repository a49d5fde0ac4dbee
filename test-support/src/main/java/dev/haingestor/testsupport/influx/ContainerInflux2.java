package dev.haingestor.testsupport.influx;

import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * InfluxDB 2.7 in a Testcontainers container (set up with org, bucket and admin token), where a
 * Docker engine answers. Each {@link #createDatabase} is a bucket; its virtual DBRP mapping (same
 * name, retention policy autogen) lets v1 {@code /write?db=} and InfluxQL {@code /query?db=} reach
 * it too.
 */
public final class ContainerInflux2 implements InfluxServer, AutoCloseable {

  private static final String IMAGE = "influxdb:2.7";
  private static final String ORG = "ha-ingestor";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final InfluxDBContainer<?> container;
  private final String url;
  private final String token;
  private final String version;
  private final String orgId;
  private final InfluxQl influxQl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private ContainerInflux2(InfluxDBContainer<?> container, String token) {
    this.container = container;
    this.url = container.getUrl();
    this.token = token;
    this.version = InfluxPing.version(url).orElse("unknown");
    this.orgId =
        api("GET", "/api/v2/orgs?org=" + ORG, null).path("orgs").get(0).get("id").asString();
    this.influxQl = InfluxQl.v2(url, ORG, token);
  }

  public static ContainerInflux2 start(Duration startupTimeout) {
    String token = "test-" + UUID.randomUUID();
    InfluxDBContainer<?> container =
        new InfluxDBContainer<>(DockerImageName.parse(IMAGE))
            .withOrganization(ORG)
            .withBucket(ORG)
            .withUsername("ha-ingestor")
            .withPassword("ha-ingestor-" + UUID.randomUUID())
            .withAdminToken(token);
    container.withStartupTimeout(startupTimeout);
    container.start();
    try {
      return new ContainerInflux2(container, token);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public String v2Url() {
    return url;
  }

  @Override
  public String org() {
    return ORG;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public String kind() {
    return "docker " + IMAGE;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String createDatabase(String prefix) {
    String name = DatabaseNames.next(prefix);
    // No explicit DBRP mapping needed: InfluxDB 2.4+ maps every bucket name to a "virtual"
    // database with retention policy autogen, for /query and /write alike.
    api("POST", "/api/v2/buckets", Map.of("orgID", orgId, "name", name));
    return name;
  }

  @Override
  public InfluxQl influxQl() {
    return influxQl;
  }

  @Override
  public void close() {
    container.stop();
  }

  private JsonNode api(String method, String path, Map<String, Object> body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Token " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " failed: HTTP " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }
}
