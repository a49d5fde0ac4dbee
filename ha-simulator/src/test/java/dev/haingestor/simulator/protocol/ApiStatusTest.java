package dev.haingestor.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.simulator.HaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiStatusTest {

  private static HttpResponse<String> get(HaSimulator ha, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ha.port() + "/api/"))
            .timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersApiRunningForTheRightBearerTokenAnd401Otherwise() throws Exception {
    try (HaSimulator ha = HaSimulator.builder().token("rest-token").start()) {
      HttpResponse<String> ok = get(ha, "Bearer rest-token");
      HttpResponse<String> wrong = get(ha, "Bearer nope");
      HttpResponse<String> missing = get(ha, null);

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("{\"message\":\"API running.\"}");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(missing.statusCode()).isEqualTo(401);
    }
  }
}
