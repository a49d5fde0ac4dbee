package dev.haingestor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.testsupport.proxy.Fault;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * The consumer group beyond one happy instance: entries pending for an instance that vanished are
 * claimed (XAUTOCLAIM) once idle, an entry delivered too often is dead-lettered instead of being
 * retried forever, several instances share the stream without writing anything twice, and so do the
 * lanes of one instance.
 */
class ConsumerGroupIT extends EnrichmentIntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SURVIVOR = "survivor";
  private static final String VANISHED = "vanished";
  private static final int VANISHED_ENTRIES = 30;

  private static RedisKeys keys;
  private static String database;
  private static RecordId poison;
  private static ConfigurableApplicationContext service;

  /**
   * Before the survivor starts: 30 entries were read by an instance that is gone, and one entry was
   * delivered to the survivor itself four times without an acknowledgement (it crashed on it each
   * time).
   */
  @BeforeAll
  static void prepareTheGroupThenStartTheSurvivor() {
    keys = uniqueKeys("group");
    database = influx.createDatabase("enrichment_group");
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.from("0"), RedisKeys.ENRICHMENT_GROUP);
    addAll(keys, numericEvents("claimed", VANISHED_ENTRIES, 5, "lx", recentMicros(0)));
    readAs(VANISHED, VANISHED_ENTRIES);
    poison =
        add(
            keys,
            event("sensor.poison", "1", recentMicros(100), Map.of("unit_of_measurement", "ppm")));
    readAs(SURVIVOR, 1);
    for (int i = 0; i < 3; i++) {
      redis
          .opsForStream()
          .read(
              Consumer.from(RedisKeys.ENRICHMENT_GROUP, SURVIVOR),
              StreamReadOptions.empty().count(10),
              StreamOffset.create(keys.events(), ReadOffset.from("0")));
    }
    service =
        startService(
            keys,
            SURVIVOR,
            with(
                v2Sink(influx.v2Url(), database),
                "enrichment.consumer.max-deliveries",
                "3",
                "enrichment.consumer.claim-min-idle",
                "500ms",
                "enrichment.consumer.claim-interval",
                "300ms"));
  }

  @AfterAll
  static void stopSurvivor() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void claimsTheEntriesOfAnInstanceThatVanishedOnceTheyAreIdle() {
    await().atMost(WAIT).until(() -> totalPoints(database, "lx") == VANISHED_ENTRIES);
    await().atMost(WAIT).until(() -> pendingFor(VANISHED) == 0);
    MeterRegistry meters = service.getBean(MeterRegistry.class);
    // All of the vanished instance's entries; and the survivor's own poison entry too when the
    // service took longer to start than the claim's minimum idle time (a busy machine).
    assertThat(meters.get(MetricNames.ENRICHMENT_EVENTS_CLAIMED).counter().count())
        .isBetween((double) VANISHED_ENTRIES, VANISHED_ENTRIES + 1.0);
    assertThat(countByEntity(database, "lx")).hasSize(5).containsValue(6L).doesNotContainValue(7L);
  }

  @Test
  void deadLettersAnEntryDeliveredMoreThanTheLimitInsteadOfProcessingItAgain() {
    Map<String, String> deadLetter =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    deadLetters(keys).stream()
                        .filter(d -> poison.getValue().equals(d.get(StreamFields.ORIGINAL_ID)))
                        .findFirst()
                        .orElse(null),
                found -> found != null);

    assertThat(deadLetter).containsEntry(StreamFields.REASON, "too_many_deliveries");
    assertThat(deadLetter.get(StreamFields.DETAIL)).contains("delivered 5 times");
    await().atMost(WAIT).until(() -> pendingFor(SURVIVOR) == 0);
    assertThat(influxQl.query(database, "SELECT * FROM \"ppm\"")).isEmpty();
  }

  @Test
  void twoInstancesShareTheStreamAndWriteEveryEventOnce() {
    RedisKeys shared = uniqueKeys("shared");
    String sharedDatabase = influx.createDatabase("enrichment_shared");
    var events = numericEvents("shared", 400, 8, "V", recentMicros(200));
    try (ConfigurableApplicationContext first =
            startService(shared, "instance-a", v2Sink(influx.v2Url(), sharedDatabase));
        ConfigurableApplicationContext second =
            startService(shared, "instance-b", v2Sink(influx.v2Url(), sharedDatabase))) {
      // Small bursts, one after another: each goes to whichever instance is waiting.
      for (int i = 0; i < events.size(); i += 10) {
        addAll(shared, events.subList(i, i + 10));
        int written = i + 10;
        await().atMost(WAIT).until(() -> totalPoints(sharedDatabase, "V") == written);
      }
      await().atMost(WAIT).until(() -> pendingCount(shared) == 0);

      assertThat(consumed(first)).isPositive();
      assertThat(consumed(second)).isPositive();
      assertThat(consumed(first) + consumed(second)).isEqualTo(events.size());
      assertThat(countByEntity(sharedDatabase, "V"))
          .allSatisfy((e, n) -> assertThat(n).isEqualTo(50L));
    }
  }

  /**
   * While one lane waits for a slow InfluxDB, the other reads the next entry: two batches are in
   * flight at once, each pending under its own lane's stable name, and both land once.
   */
  @Test
  void theLanesOfOneInstanceReadWhileAnotherWaitsForInfluxDb() {
    RedisKeys laneKeys = uniqueKeys("lanes");
    String laneDatabase = influx.createDatabase("enrichment_lanes");
    try (FaultInjectingHttpProxy slowInflux = FaultInjectingHttpProxy.start(influx.v2Url());
        ConfigurableApplicationContext lanes =
            startService(
                laneKeys,
                "lanes",
                with(
                    v2Sink(slowInflux.url(), laneDatabase),
                    "enrichment.consumer.concurrency",
                    "2"))) {
      slowInflux.inject(Fault.delay(Duration.ofSeconds(5)));
      var events = numericEvents("lane", 2, 2, "A", recentMicros(300));
      add(laneKeys, events.get(0));
      await().atMost(WAIT).until(() -> pendingCount(laneKeys) == 1);
      add(laneKeys, events.get(1));

      await()
          .atMost(Duration.ofSeconds(4))
          .until(() -> pendingFor(laneKeys, "lanes") == 1 && pendingFor(laneKeys, "lanes#2") == 1);
      slowInflux.passThrough();
      await().atMost(WAIT).until(() -> pendingCount(laneKeys) == 0);
      assertThat(countByEntity(laneDatabase, "A"))
          .hasSize(2)
          .allSatisfy((entity, points) -> assertThat(points).isEqualTo(1L));
    }
  }

  private static double consumed(ConfigurableApplicationContext context) {
    return context
        .getBean(MeterRegistry.class)
        .get(MetricNames.ENRICHMENT_EVENTS_CONSUMED)
        .counter()
        .count();
  }

  private static void readAs(String consumer, int count) {
    redis
        .opsForStream()
        .read(
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, consumer),
            StreamReadOptions.empty().count(count),
            StreamOffset.create(keys.events(), ReadOffset.lastConsumed()));
  }

  private static long pendingFor(String consumer) {
    return pendingFor(keys, consumer);
  }

  private static long pendingFor(RedisKeys streamKeys, String consumer) {
    PendingMessages pending =
        redis
            .opsForStream()
            .pending(
                streamKeys.events(),
                Consumer.from(RedisKeys.ENRICHMENT_GROUP, consumer),
                org.springframework.data.domain.Range.unbounded(),
                100);
    return pending.size();
  }
}
