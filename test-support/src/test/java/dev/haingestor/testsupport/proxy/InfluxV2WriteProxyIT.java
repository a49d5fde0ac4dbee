package dev.haingestor.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.BadRequestException;
import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RealServersTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** influxdb-client-java's v2 writes reach the real engine through {@link InfluxServer#v2Url()}. */
@RealServersTest
class InfluxV2WriteProxyIT {

  private final InfluxServer influx = RealServers.influx();
  private final InfluxQl influxQl = influx.influxQl();
  private final HttpClient http = HttpClient.newHttpClient();
  private InfluxDBClient client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void writesThroughTheBlockingApiWithMicrosecondPrecision() {
    String bucket = influx.createDatabase("v2write");

    client(false)
        .getWriteApiBlocking()
        .writeRecord(
            bucket,
            influx.org(),
            WritePrecision.US,
            "W,domain=sensor,entity_id=power value=42.5 1700000000123456");

    var rows = influxQl.query(bucket, "SELECT value FROM \"W\"").get(0).rows();
    assertThat(rows)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("time", Instant.ofEpochSecond(1_700_000_000L, 123_456_000L))
                    .containsEntry("value", 42.5));
  }

  @Test
  void passesTheEnginesBadRequestBackToTheClient() {
    String bucket = influx.createDatabase("conflict");
    var writes = client(false).getWriteApiBlocking();
    writes.writeRecord(bucket, influx.org(), WritePrecision.NS, "W value=1 1");

    assertThatThrownBy(
            () -> writes.writeRecord(bucket, influx.org(), WritePrecision.NS, "W value=\"on\" 2"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("field type conflict");
  }

  @Test
  void passesAGzipBodyThroughUnchanged() {
    String bucket = influx.createDatabase("gzip");

    client(true)
        .getWriteApiBlocking()
        .writeRecord(bucket, influx.org(), WritePrecision.S, "W value=1 1\nW value=2 2");

    assertThat(influxQl.count(bucket, "SELECT COUNT(value) FROM \"W\"")).isEqualTo(2);
  }

  @Test
  void acceptsARawGzipWriteWithNanosecondPrecision() throws Exception {
    String bucket = influx.createDatabase("rawgzip");

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        influx.v2Url()
                            + "/api/v2/write?org="
                            + influx.org()
                            + "&bucket="
                            + bucket
                            + "&precision=ns"))
                .header("Authorization", "Token " + influx.token())
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "text/plain; charset=utf-8")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("W value=7 1700000000000000001")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(influxQl.query(bucket, "SELECT value FROM \"W\"").get(0).rows().get(0))
        .containsEntry("time", Instant.ofEpochSecond(1_700_000_000L, 1));
  }

  @Test
  void answersInfluxQlQueriesAndWritesThroughTheV2Url() {
    String bucket = influx.createDatabase("v2url");
    InfluxQl viaV2Url = InfluxQl.v2(influx.v2Url(), influx.org(), influx.token());

    viaV2Url.write(bucket, "W,entity_id=a value=1 1\nW,entity_id=b value=2 2", "s");

    assertThat(viaV2Url.count(bucket, "SELECT COUNT(value) FROM \"W\" WHERE entity_id = 'b'"))
        .isEqualTo(1);
  }

  @Test
  void answersPingAndHealth() throws Exception {
    HttpResponse<String> ping = get("/ping");
    HttpResponse<String> health = get("/health");

    assertThat(ping.statusCode()).isEqualTo(204);
    assertThat(ping.headers().firstValue("X-Influxdb-Version")).hasValue(influx.version());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"pass\"");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(influx.v2Url() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private InfluxDBClient client(boolean gzip) {
    client =
        InfluxDBClientFactory.create(
            InfluxDBClientOptions.builder()
                .url(influx.v2Url())
                .authenticateToken(influx.token().toCharArray())
                .org(influx.org())
                .build());
    if (gzip) {
      client.enableGzip();
    }
    return client;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
