package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.proxy.Fault;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Stopping the service lets the batch in flight finish: written, acknowledged, then stop. */
class GracefulShutdownIT extends EnrichmentIntegrationTestBase {

  private static final int EVENTS = 50;

  @Test
  void finishesAndAcknowledgesTheBatchInFlightBeforeStopping() {
    RedisKeys keys = uniqueKeys("graceful");
    String database = influx.createDatabase("enrichment_graceful");
    addAll(keys, numericEvents("graceful", EVENTS, 5, "Hz", recentMicros(0)));

    try (FaultInjectingHttpProxy slowInflux = FaultInjectingHttpProxy.start(influx.v2Url())) {
      slowInflux.inject(Fault.delay(Duration.ofMillis(1500)));
      ConfigurableApplicationContext service =
          startService(keys, "graceful-consumer", v2Sink(slowInflux.url(), database));
      await().atMost(Duration.ofSeconds(20)).until(() -> slowInflux.requestCount() >= 1);
      assertThat(pendingCount(keys)).isEqualTo(EVENTS);

      service.close(); // while the write is held up in the proxy

      assertThat(pendingCount(keys)).isZero();
      assertThat(totalPoints(database, "Hz")).isEqualTo(EVENTS);
    }
  }
}
