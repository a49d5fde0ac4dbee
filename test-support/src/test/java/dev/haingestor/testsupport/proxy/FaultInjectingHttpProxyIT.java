package dev.haingestor.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RealServersTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of the real InfluxDB: pass-through, then each kind of fault. */
@RealServersTest
class FaultInjectingHttpProxyIT {

  private final InfluxServer influx = RealServers.influx();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FaultInjectingHttpProxy proxy;
  private String db;

  @BeforeEach
  void startProxy() {
    proxy = FaultInjectingHttpProxy.start(influx.v2Url());
    db = influx.createDatabase("faults");
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void forwardsWritesUnchangedByDefault() throws Exception {
    assertThat(write("W value=1 1").statusCode()).isEqualTo(204);

    assertThat(count()).isEqualTo(1);
    assertThat(proxy.requestCount()).isEqualTo(1);
  }

  @Test
  void answersAnInjectedStatusWithoutReachingTheUpstream() throws Exception {
    proxy.inject(Fault.status(503));

    HttpResponse<String> response = write("W value=1 1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("503");
    assertThat(count()).isZero();
  }

  @Test
  void sendsRetryAfterWithAnInjectedTooManyRequests() throws Exception {
    proxy.inject(Fault.status(429, Duration.ofSeconds(3)));

    HttpResponse<String> response = write("W value=1 1");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
  }

  @Test
  void faultsOnlyTheNextRequestsWhenCounted() throws Exception {
    proxy.injectNext(2, Fault.status(503));

    assertThat(write("W value=1 1").statusCode()).isEqualTo(503);
    assertThat(write("W value=1 1").statusCode()).isEqualTo(503);
    assertThat(write("W value=1 1").statusCode()).isEqualTo(204);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void delaysThenForwards() throws Exception {
    proxy.inject(Fault.delay(Duration.ofMillis(400)));

    long start = System.nanoTime();
    HttpResponse<String> response = write("W value=1 1");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void dropsTheConnectionWithoutAnAnswer() {
    proxy.inject(Fault.dropConnection());

    assertThatThrownBy(() -> write("W value=1 1")).isInstanceOf(IOException.class);
    assertThat(count()).isZero();
  }

  @Test
  void passesThroughAgainAfterAFault() throws Exception {
    proxy.inject(Fault.status(500));
    proxy.passThrough();

    assertThat(write("W value=1 1").statusCode()).isEqualTo(204);
  }

  @Test
  void refusesConnectionsOnceClosed() {
    proxy.close();

    assertThatThrownBy(() -> write("W value=1 1")).isInstanceOf(IOException.class);
    proxy = FaultInjectingHttpProxy.start(influx.v2Url());
  }

  private HttpResponse<String> write(String line) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    proxy.url()
                        + "/api/v2/write?org="
                        + influx.org()
                        + "&bucket="
                        + db
                        + "&precision=s"))
            .header("Authorization", "Token " + influx.token())
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(line))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long count() {
    InfluxQl influxQl = influx.influxQl();
    return influxQl.count(db, "SELECT COUNT(value) FROM \"W\"");
  }
}
