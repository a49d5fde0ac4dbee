package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import dev.haingestor.testsupport.proxy.Fault;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Nothing is acknowledged that InfluxDB has not accepted: entries stay pending across failures and
 * restarts, and a consumer re-reads its own pending entries when it starts.
 */
class PendingEntriesIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void writesEntriesThatWerePendingForThisConsumerBeforeItStarted() {
    RedisKeys keys = uniqueKeys("pending");
    String database = influx.createDatabase("enrichment_pending");
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.from("0"), RedisKeys.ENRICHMENT_GROUP);
    add(keys, event("sensor.a", "1", recentMicros(1), Map.of("unit_of_measurement", "A")));
    add(keys, event("sensor.b", "2", recentMicros(2), Map.of("unit_of_measurement", "A")));
    // A previous run of this consumer read both and crashed before acknowledging them: a read
    // of new entries ('>') would never return them again.
    redis
        .opsForStream()
        .read(
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, "crashed-consumer"),
            StreamReadOptions.empty().count(10),
            StreamOffset.create(keys.events(), ReadOffset.lastConsumed()));
    assertThat(pendingCount(keys)).isEqualTo(2);

    try (ConfigurableApplicationContext service =
        startService(keys, "crashed-consumer", v2Sink(influx.v2Url(), database))) {
      await()
          .atMost(WAIT)
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"A\"") == 2);
      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    }
  }

  @Test
  void acknowledgesPendingEntriesThatWereTrimmedFromTheStreamAndWritesTheRest() {
    RedisKeys keys = uniqueKeys("trimmed");
    String database = influx.createDatabase("enrichment_trimmed");
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.from("0"), RedisKeys.ENRICHMENT_GROUP);
    RecordId trimmed =
        add(keys, event("sensor.t1", "1", recentMicros(1), Map.of("unit_of_measurement", "B")));
    add(keys, event("sensor.t2", "2", recentMicros(2), Map.of("unit_of_measurement", "B")));
    redis
        .opsForStream()
        .read(
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, "trimmed-consumer"),
            StreamReadOptions.empty().count(10),
            StreamOffset.create(keys.events(), ReadOffset.lastConsumed()));
    // Retention trimmed the first entry while it was pending: XREADGROUP 0 returns it without
    // fields.
    redis.opsForStream().delete(keys.events(), trimmed);

    try (ConfigurableApplicationContext service =
        startService(keys, "trimmed-consumer", v2Sink(influx.v2Url(), database))) {
      await()
          .atMost(WAIT)
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"B\"") == 1);
      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    }
  }

  @Test
  void recreatesTheGroupWhenTheStreamDisappearsWhileRunning() {
    RedisKeys keys = uniqueKeys("nogroup");
    String database = influx.createDatabase("enrichment_nogroup");

    try (ConfigurableApplicationContext service =
        startService(keys, "nogroup-consumer", v2Sink(influx.v2Url(), database))) {
      add(keys, event("sensor.n1", "1", recentMicros(1), Map.of("unit_of_measurement", "N")));
      await()
          .atMost(WAIT)
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"N\"") == 1);

      // As after a Redis restart without persistence: stream and group are gone (NOGROUP).
      redis.delete(keys.events());
      add(keys, event("sensor.n2", "2", recentMicros(2), Map.of("unit_of_measurement", "N")));

      await()
          .atMost(WAIT)
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"N\"") == 2);
      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    }
  }

  @Test
  void keepsEntriesPendingWhileInfluxDbIsUnreachableAndWritesThemAfterARestart()
      throws IOException {
    RedisKeys keys = uniqueKeys("outage");
    String database = influx.createDatabase("enrichment_outage");
    for (int i = 0; i < 3; i++) {
      add(
          keys,
          event(
              "sensor.o" + i,
              Integer.toString(i),
              recentMicros(i),
              Map.of("unit_of_measurement", "V")));
    }

    try (ConfigurableApplicationContext service =
        startService(
            keys, "outage-consumer", v2Sink("http://127.0.0.1:" + closedPort(), database))) {
      MeterRegistry meters = service.getBean(MeterRegistry.class);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  meters
                          .get(MetricNames.ENRICHMENT_WRITE_DURATION)
                          .tag("outcome", "retryable")
                          .timer()
                          .count()
                      >= 3);
      assertThat(pendingCount(keys)).isEqualTo(3);
      assertThat(service.getBean(EnrichmentStatus.class).snapshot())
          .containsEntry(ServiceStatusContract.STATUS, "DEGRADED")
          .containsKey(ServiceStatusContract.REASON);
    }
    assertThat(influxQl.count(database, "SELECT COUNT(value) FROM \"V\"")).isZero();
    assertThat(pendingCount(keys)).isEqualTo(3);

    try (ConfigurableApplicationContext service =
        startService(keys, "outage-consumer", v2Sink(influx.v2Url(), database))) {
      await()
          .atMost(WAIT)
          .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"V\"") == 3);
      await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
    }
  }

  @Test
  void retriesWhileInfluxDbAnswers503AndWritesOnceItRecovers() {
    RedisKeys keys = uniqueKeys("recover");
    String database = influx.createDatabase("enrichment_recover");
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(influx.v2Url())) {
      proxy.inject(Fault.status(503));
      try (ConfigurableApplicationContext service =
          startService(keys, "recover-consumer", v2Sink(proxy.url(), database))) {
        add(keys, event("sensor.r", "7", recentMicros(1), Map.of("unit_of_measurement", "Hz")));
        await().atMost(WAIT).until(() -> proxy.requestCount() >= 3);
        assertThat(pendingCount(keys)).isEqualTo(1);

        proxy.passThrough();

        await()
            .atMost(WAIT)
            .until(() -> influxQl.count(database, "SELECT COUNT(value) FROM \"Hz\"") == 1);
        await().atMost(WAIT).until(() -> pendingCount(keys) == 0);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    "UP"
                        .equals(
                            service
                                .getBean(EnrichmentStatus.class)
                                .snapshot()
                                .get(ServiceStatusContract.STATUS)));
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
