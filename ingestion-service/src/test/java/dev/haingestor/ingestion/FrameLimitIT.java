package dev.haingestor.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.ingestion.ha.ConnectionStatus;
import dev.haingestor.simulator.HaSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A message larger than {@code HA_MAX_FRAME_SIZE} ends the connection (Netty refuses it): the
 * reason must name the setting, not blame HA for closing.
 */
class FrameLimitIT extends IngestionTestBase {

  static final HaSimulator ha = HaSimulator.builder().seed(29).start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    connectTo(registry, ha, ha.token());
    registry.add("ha.max-frame-size", () -> "64KB");
    // Long enough to read the reason before the next attempt.
    registry.add("ha.reconnect-min-delay", () -> "1m");
    registry.add("ha.reconnect-max-delay", () -> "1m");
  }

  @AfterAll
  static void stopSimulator() {
    ha.close();
  }

  @Test
  void namesTheSettingToRaiseWhenHaSendsALargerMessage() {
    awaitSubscribed(ha);

    ha.injectRawFrame(
        "{\"id\":999,\"type\":\"result\",\"success\":true,\"result\":\""
            + "x".repeat(100_000)
            + "\"}");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ConnectionStatus status = connection.status();
              assertThat(status.state()).isEqualTo(ConnectionState.BACKING_OFF);
              assertThat(status.reason())
                  .contains("larger than HA_MAX_FRAME_SIZE (64KB)")
                  .contains("raise HA_MAX_FRAME_SIZE");
            });
  }
}
