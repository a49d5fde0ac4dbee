package dev.haingestor.admin;

import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServerProperties;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RealServersExtension;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The admin API on a random port against the real Redis and InfluxDB of test-support. Each subclass
 * registers its own properties with {@link #realServers}, so that every test class has its own
 * Redis key prefix and InfluxDB database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(RealServersExtension.class)
public abstract class AdminApiIntegrationTest {

  /** The admin key of tests that configure keys ({@link #apiKeys}). */
  protected static final String ADMIN_KEY = "admin-key-0123456789abcdef";

  /** The read key of tests that configure keys ({@link #apiKeys}). */
  protected static final String READ_KEY = "read-key-0123456789abcdef";

  @Autowired protected WebTestClient web;

  @LocalServerPort protected int port;

  /** A plain client for truly concurrent requests (WebTestClient waits for each exchange). */
  protected WebClient client() {
    return WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
  }

  /** Configures {@link #ADMIN_KEY} and {@link #READ_KEY}. */
  protected static void apiKeys(DynamicPropertyRegistry registry) {
    registry.add("admin.security.admin-key", () -> ADMIN_KEY);
    registry.add("admin.security.read-key", () -> READ_KEY);
  }

  /**
   * Real Redis under a key prefix unique to the test class, and real InfluxDB reading {@code
   * database}: as a 1.x database or, on InfluxDB 2.x, as the bucket of the same name.
   *
   * @return the key prefix
   */
  protected static String realServers(
      DynamicPropertyRegistry registry, Class<?> testClass, String database) {
    RealServerProperties.redis(registry);
    String prefix = "it-" + testClass.getSimpleName() + "-" + UUID.randomUUID() + ":";
    registry.add("redis.key-prefix", () -> prefix);
    InfluxServer influx = RealServers.influx();
    boolean v1 = influx.version().startsWith("1.");
    registry.add("influxdb.url", influx::url);
    registry.add("influxdb.api-version", () -> v1 ? "1" : "2");
    registry.add("influxdb.database", () -> database);
    registry.add("influxdb.bucket", () -> database);
    registry.add("influxdb.token", influx::token);
    registry.add("influxdb.org", influx::org);
    return prefix;
  }
}
