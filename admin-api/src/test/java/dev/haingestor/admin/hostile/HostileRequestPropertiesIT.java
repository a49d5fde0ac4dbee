package dev.haingestor.admin.hostile;

import dev.haingestor.admin.AdminApiApplication;
import dev.haingestor.admin.hostile.HostileRequests.Hostile;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Generated hostile requests against every endpoint (issue 8, "Hostile input" 2): jqwik generates
 * malformed parameters (injection strings, traversal, CRLF, wrong types, numbers out of range,
 * unknown and repeated parameters), bodies (wrong JSON types, duplicate keys, deep nesting, invalid
 * UTF-8) and headers (unknown charsets and media types, If-Match junk, forwarding headers); every
 * answer must be free of 500s, stack traces and secrets, and every error a problem body.
 *
 * <p>jqwik's engine does not run Spring's test extension, so admin-api is started here directly, on
 * a random port, against the real Redis and InfluxDB of test-support (own key prefix). Command line
 * arguments outrank application.yml's environment placeholders.
 */
class HostileRequestPropertiesIT {

  private static ConfigurableApplicationContext app;
  private static WebTestClient web;
  private static int port;
  private static List<String> secrets;

  @BeforeContainer
  static void start() {
    RedisServer redis = RealServers.redis();
    InfluxServer influx = RealServers.influx();
    String database = influx.createDatabase(HostileRequests.DATABASE + "_props");
    boolean v1 = influx.version().startsWith("1.");
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--spring.data.redis.host=" + redis.host());
    args.add("--spring.data.redis.port=" + redis.port());
    if (redis.password() != null) {
      args.add("--spring.data.redis.password=" + redis.password());
    }
    args.add("--redis.key-prefix=it-HostileRequestPropertiesIT-" + UUID.randomUUID() + ":");
    args.add("--influxdb.url=" + influx.url());
    args.add("--influxdb.api-version=" + (v1 ? "1" : "2"));
    args.add("--influxdb.database=" + database);
    args.add("--influxdb.bucket=" + database);
    if (influx.token() != null) {
      args.add("--influxdb.token=" + influx.token());
    }
    if (influx.org() != null) {
      args.add("--influxdb.org=" + influx.org());
    }
    args.add("--admin.security.admin-key=" + HostileRequests.ADMIN_KEY);
    args.add("--admin.security.read-key=" + HostileRequests.READ_KEY);
    args.add("--admin.rate-limit.requests-per-second=100000");
    args.add("--admin.rate-limit.auth-failures-per-minute=100000");
    app = new SpringApplicationBuilder(AdminApiApplication.class).run(args.toArray(String[]::new));
    port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    secrets = SafeResponses.secrets(HostileRequests.ADMIN_KEY, HostileRequests.READ_KEY);
  }

  @AfterContainer
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Property(tries = 250)
  void hostileReadsAreAnsweredWithoutA500OrALeak(@ForAll("reads") Hostile request) {
    HostileRequests.send(web, port, request, secrets);
  }

  @Property(tries = 150)
  void hostileChangesAreAnsweredWithoutA500OrALeak(@ForAll("changes") Hostile request) {
    HostileRequests.send(web, port, request, secrets);
  }

  @Provide
  Arbitrary<Hostile> reads() {
    return HostileRequests.gets();
  }

  @Provide
  Arbitrary<Hostile> changes() {
    return HostileRequests.changes();
  }
}
