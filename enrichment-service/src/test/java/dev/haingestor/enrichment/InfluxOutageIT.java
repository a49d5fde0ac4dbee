package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.sink.InfluxWriter;
import dev.haingestor.testsupport.proxy.Fault;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * InfluxDB unavailable while events keep coming — first answering 503, then dropping connections —
 * and back again: the circuit breaker opens and reading pauses (entries wait in Redis), and
 * afterwards every event is in InfluxDB exactly once, none dead-lettered, nothing pending.
 *
 * <p>The acceptance figure is 60 s at 1,000 events/s; CI runs a short outage. Longer runs: {@code
 * -Denrichment.outage.seconds=60 -Denrichment.outage.rate=1000}.
 */
class InfluxOutageIT extends EnrichmentIntegrationTestBase {

  private static final int OUTAGE_SECONDS = Integer.getInteger("enrichment.outage.seconds", 6);
  private static final int RATE = Integer.getInteger("enrichment.outage.rate", 200);
  private static final int BEFORE_SECONDS = 2;
  private static final int AFTER_SECONDS = 2;
  private static final int TICKS_PER_SECOND = 10;
  private static final int ENTITIES = 50;

  @Test
  void everyEventIsWrittenExactlyOnceAfterAnOutageAndNoneIsDeadLettered() {
    RedisKeys keys = uniqueKeys("influx-outage");
    String database = influx.createDatabase("enrichment_influx_outage");
    int ticks = (BEFORE_SECONDS + OUTAGE_SECONDS + AFTER_SECONDS) * TICKS_PER_SECOND;
    int perTick = RATE / TICKS_PER_SECOND;
    int total = ticks * perTick;
    List<StateChangedEvent> events =
        numericEvents("outage", total, ENTITIES, "Wh", Instant.now().minusSeconds(3600));
    int outageStart = BEFORE_SECONDS * TICKS_PER_SECOND;
    int dropFrom = outageStart + OUTAGE_SECONDS * TICKS_PER_SECOND / 2;
    int outageEnd = outageStart + OUTAGE_SECONDS * TICKS_PER_SECOND;

    try (FaultInjectingHttpProxy influxProxy = FaultInjectingHttpProxy.start(influx.v2Url());
        ConfigurableApplicationContext service =
            startService(
                keys,
                "outage-consumer",
                with(
                    v2Sink(influxProxy.url(), database),
                    "enrichment.consumer.monitor-interval",
                    "200ms"))) {
      CircuitBreaker breaker = service.getBean(InfluxWriter.class).breaker();
      MeterRegistry meters = service.getBean(MeterRegistry.class);

      // The producer publishes at a steady rate and switches the faults at fixed ticks.
      var producer =
          Flux.interval(Duration.ofMillis(1000 / TICKS_PER_SECOND))
              .take(ticks)
              .publishOn(Schedulers.boundedElastic())
              .doOnNext(
                  tick -> {
                    int t = tick.intValue();
                    if (t == outageStart) {
                      influxProxy.inject(Fault.status(503));
                    } else if (t == dropFrom) {
                      influxProxy.inject(Fault.dropConnection());
                    } else if (t == outageEnd) {
                      influxProxy.passThrough();
                    }
                    addAll(keys, events.subList(t * perTick, (t + 1) * perTick));
                  })
              .then()
              .toFuture();

      // During the outage: the breaker opens and entries wait in Redis, undelivered.
      await()
          .atMost(Duration.ofSeconds(BEFORE_SECONDS + OUTAGE_SECONDS + 10))
          .until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
      await()
          .atMost(Duration.ofSeconds(BEFORE_SECONDS + OUTAGE_SECONDS + 10))
          .until(() -> meters.get(MetricNames.ENRICHMENT_GROUP_LAG).gauge().value() >= perTick);

      await()
          .atMost(Duration.ofSeconds(BEFORE_SECONDS + OUTAGE_SECONDS + AFTER_SECONDS + 60))
          .until(producer::isDone);
      await().atMost(Duration.ofSeconds(120)).until(() -> totalPoints(database, "Wh") == total);
      await().atMost(Duration.ofSeconds(10)).until(() -> pendingCount(keys) == 0);

      assertThat(countByEntity(database, "Wh"))
          .hasSize(ENTITIES)
          .allSatisfy((entity, count) -> assertThat(count).isEqualTo(total / ENTITIES));
      assertThat(deadLetters(keys)).isEmpty();
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(
              meters
                  .get(MetricNames.ENRICHMENT_INFLUXDB_ERRORS)
                  .tag("status", "503")
                  .counter()
                  .count())
          .isPositive();
    }
  }
}
