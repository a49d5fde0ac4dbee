package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.simulator.HaSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class AuthFailureIT extends IngestionTestBase {

  private static final String WRONG_TOKEN = "wrong-token-0123456789";

  static final HaSimulator ha = HaSimulator.builder().token("the-right-token").start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, WRONG_TOKEN);
    registry.add("ha.auth-retry-delay", () -> "5m");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void refusedTokenMeansAuthFailedHealthDownAndNoSecondAttempt(CapturedOutput output) {
    await().atMost(WAIT).until(() -> connection.state() == ConnectionState.AUTH_FAILED);

    assertThat(connection.status().reason()).contains("refused the access token");
    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.components.haConnection.status")
        .isEqualTo("DOWN")
        .jsonPath("$.components.haConnection.details.state")
        .isEqualTo("auth_failed")
        .jsonPath("$.components.haConnection.details.reason")
        .value(reason -> assertThat((String) reason).contains("Invalid access token"));
    // HA counts failed logins toward an IP ban: no retry within the test window.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> authAttempts() == 1 && connection.state() == ConnectionState.AUTH_FAILED);
    assertThat(output.getAll()).doesNotContain(WRONG_TOKEN);
  }

  @Test
  void reportsItselfDownInTheHeartbeatHash() {
    await().atMost(WAIT).until(() -> connection.state() == ConnectionState.AUTH_FAILED);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(heartbeat())
                    .containsEntry(ServiceStatusContract.STATUS, "DOWN")
                    .containsEntry(ServiceStatusContract.HA_CONNECTION, "auth_failed")
                    .hasEntrySatisfying(
                        ServiceStatusContract.REASON,
                        reason -> assertThat(reason).contains("refused the access token")));
  }

  private long authAttempts() {
    return ha.receivedMessages().stream().filter(m -> m.contains("\"type\":\"auth\"")).count();
  }
}
