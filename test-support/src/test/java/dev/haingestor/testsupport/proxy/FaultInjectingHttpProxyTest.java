package dev.haingestor.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.testsupport.process.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultInjectingHttpProxyTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersBadGatewayWhenTheUpstreamIsDown() throws Exception {
    try (FaultInjectingHttpProxy proxy =
        FaultInjectingHttpProxy.start("http://127.0.0.1:" + FreePorts.next())) {

      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(proxy.url() + "/ping"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("upstream failed");
    }
  }

  @Test
  void answersLocalRoutesWithoutAnUpstream() throws Exception {
    try (FaultInjectingHttpProxy proxy =
        FaultInjectingHttpProxy.start(
            "http://127.0.0.1:" + FreePorts.next(), new InfluxV2ToV1Routes())) {

      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(proxy.url() + "/api/v2/write?org=o"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString("W value=1"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("bucket is required");
      assertThat(proxy.requestCount()).isEqualTo(1);
    }
  }
}
