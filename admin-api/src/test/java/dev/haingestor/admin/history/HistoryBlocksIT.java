package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The history block cache against the real servers: every answer computed from blocks equals the
 * answer InfluxDB computes for the same request (a finder without blocks beside the application's),
 * over many ranges, buckets and functions; hours are fetched once and then read from Redis; an hour
 * with too many points is marked and answered by InfluxDB.
 *
 * <p>Data: {@code sensor.mix}, 5 hours from {@code T0} of a point every 7 s with awkward values
 * (negative, tiny, huge, repeated) in {@code W}, and a few points in {@code kW}; {@code
 * sensor.dense}, 1,500 points in one hour (more than the 1,000 a block takes); {@code sensor.once},
 * read by one test only.
 */
class HistoryBlocksIT extends AdminApiIntegrationTest {

  private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");
  private static final String DATABASE = RealServers.influx().createDatabase("admin_blocks");
  private static final int MAX_POINTS = 400;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, HistoryBlocksIT.class, DATABASE);
    registry.add("admin.history.max-points", () -> Integer.toString(MAX_POINTS));
    registry.add("admin.history.raw-max-range", () -> "90m");
  }

  @Autowired private HistoryFinder finder;
  @Autowired private InfluxQlClient influx;
  @Autowired private ReactiveRedisConnectionFactory connections;
  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;
  @Autowired private HistoryProperties limits;
  @Autowired private CacheProperties cacheProperties;
  @Autowired private Clock clock;
  @Autowired private MeterRegistry meters;

  private HistoryFinder direct;

  @BeforeAll
  static void writePoints() {
    Random random = new Random(7);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5 * 3600 / 7; i++) {
      double value =
          switch (i % 9) {
            case 0 -> -random.nextDouble() * 1e3;
            case 1 -> random.nextDouble() * 1e-9;
            case 2 -> 1.5e300 * random.nextDouble();
            case 3 -> 42.0;
            default -> Math.round(random.nextGaussian() * 1e6) / 1e3;
          };
      lines.add("W,domain=sensor,entity_id=mix value=" + value + " " + micros(T0, 7L * i));
    }
    for (int i = 0; i < 20; i++) {
      lines.add("kW,domain=sensor,entity_id=mix value=" + (i * 0.25) + " " + micros(T0, 61L * i));
    }
    lines.add("W,domain=sensor,entity_id=other value=999 " + micros(T0, 3));
    for (int i = 0; i < 100; i++) {
      lines.add("W,domain=sensor,entity_id=once value=" + i + " " + micros(T0, 7200 + 60L * i));
    }
    Instant denseHour = T0.plus(Duration.ofDays(1));
    for (int i = 0; i < 1500; i++) {
      lines.add("W,domain=sensor,entity_id=dense value=" + i + " " + micros(denseHour, 2L * i));
    }
    RealServers.influx().influxQl().write(DATABASE, String.join("\n", lines), "us");
  }

  private static long micros(Instant base, long seconds) {
    return HaTimestamps.toEpochMicros(base.plusSeconds(seconds));
  }

  @BeforeEach
  void finderWithoutBlocks() {
    HistoryProperties noBlocks =
        new HistoryProperties(
            limits.maxPoints(),
            limits.autoPoints(),
            limits.rawMaxRange(),
            limits.maxRange(),
            Duration.ZERO,
            limits.blockMaxPoints(),
            limits.blockMemoryMaxSize());
    HistoryBlocks off =
        new HistoryBlocks(
            connections, influx, noBlocks, cacheProperties, keys, clock, new SimpleMeterRegistry());
    direct = new HistoryFinder(influx, off, redis, keys, noBlocks, clock);
    // Known entities: a range without points answers an empty history instead of a 404.
    redis
        .opsForHash()
        .put(new EntityIndexKeys(keys).index(), "sensor.mix", "{\"entity_id\":\"sensor.mix\"}")
        .block(Duration.ofSeconds(5));
  }

  @Test
  void answersAsInfluxDbDoesForAnyRangeBucketAndFunction() {
    Random random = new Random(11);
    List<String> everies = List.of("", "10s", "1m", "5m", "7m", "1h");
    List<String> functions = List.of("", "mean", "min", "max", "last", "count");
    for (int i = 0; i < 60; i++) {
      Instant start = T0.minusSeconds(1800).plusMillis(random.nextLong(5 * 3_600_000L));
      Instant end = start.plusMillis(1 + random.nextLong(6 * 3_600_000L));
      String every = everies.get(random.nextInt(everies.size()));
      String fn = functions.get(random.nextInt(functions.size()));
      HistoryQuery query;
      try {
        query =
            HistoryQuery.parse(
                "sensor.mix", start.toString(), end.toString(), every, fn, clock.instant(), limits);
      } catch (RuntimeException tooManyPoints) {
        continue;
      }

      History fromBlocks = finder.find(query).block(Duration.ofSeconds(30));
      History fromInflux = direct.find(query).block(Duration.ofSeconds(30));

      assertSameHistory(fromBlocks, fromInflux, start + ".." + end + " every=" + every + " " + fn);
    }
  }

  @Test
  void answersStoredPointsOfAShortRangeAsInfluxDbDoes() {
    HistoryQuery query =
        HistoryQuery.parse(
            "sensor.mix",
            T0.plusSeconds(3000).toString(),
            T0.plusSeconds(4200).toString(),
            null,
            null,
            clock.instant(),
            limits);

    History fromBlocks = finder.find(query).block(Duration.ofSeconds(30));

    assertThat(fromBlocks.raw()).isTrue();
    assertThat(fromBlocks.count()).isGreaterThan(170);
    assertSameHistory(fromBlocks, direct.find(query).block(Duration.ofSeconds(30)), "raw");
  }

  @Test
  void fetchesAnHourOnceThenReadsItFromRedis() {
    Instant start = T0.plus(Duration.ofHours(2)).plusSeconds(17);
    double hitsBefore = count("hit");
    double missesBefore = count("miss");

    for (int i = 0; i < 5; i++) {
      HistoryQuery query =
          HistoryQuery.parse(
              "sensor.once",
              start.plusMillis(i).toString(),
              start.plus(Duration.ofMinutes(90)).plusMillis(i).toString(),
              "5m",
              "max",
              clock.instant(),
              limits);
      assertThat(finder.find(query).block(Duration.ofSeconds(30)).count()).isPositive();
    }

    assertThat(count("miss") - missesBefore).isEqualTo(1);
    assertThat(count("hit") - hitsBefore).isEqualTo(4);
    // Settled hours (2024) are kept ten times the history TTL; the two hours the range touches.
    for (long hour : List.of(2L, 3L)) {
      Duration ttl =
          redis
              .getExpire(blockKey("sensor.once", T0.plus(Duration.ofHours(hour))))
              .block(Duration.ofSeconds(5));
      assertThat(ttl).isGreaterThan(cacheProperties.historyTtl().multipliedBy(9));
    }
  }

  @Test
  void keepsTheCurrentHourOnlyForTheHistoryTtl() {
    Instant now = clock.instant();
    HistoryQuery query =
        HistoryQuery.parse(
            "sensor.mix",
            now.minus(Duration.ofMinutes(5)).toString(),
            now.toString(),
            null,
            null,
            now,
            limits);

    finder.find(query).block(Duration.ofSeconds(30));

    Duration ttl = redis.getExpire(blockKey("sensor.mix", now)).block(Duration.ofSeconds(5));
    assertThat(ttl).isPositive().isLessThanOrEqualTo(cacheProperties.historyTtl());
  }

  @Test
  void marksAnHourWithTooManyPointsAndAsksInfluxDb() {
    Instant hour = T0.plus(Duration.ofDays(1));
    HistoryQuery query =
        HistoryQuery.parse(
            "sensor.dense",
            hour.minusSeconds(600).toString(),
            hour.plusSeconds(5400).toString(),
            "1m",
            "count",
            clock.instant(),
            limits);
    double denseBefore = count("too_dense");

    History first = finder.find(query).block(Duration.ofSeconds(30));
    History second = finder.find(query).block(Duration.ofSeconds(30));

    assertSameHistory(first, direct.find(query).block(Duration.ofSeconds(30)), "dense");
    assertThat(second).isEqualTo(first);
    assertThat(first.series().get(0).points().stream().mapToDouble(History.Point::value).sum())
        .isEqualTo(1500);
    assertThat(count("too_dense") - denseBefore).isEqualTo(1);
    ReactiveRedisTemplate<String, byte[]> bytes = HistoryBlocks.blockTemplate(connections);
    byte[] stored =
        bytes.opsForValue().get(blockKey("sensor.dense", hour)).block(Duration.ofSeconds(5));
    assertThat(PointBlock.decode(stored).tooDense()).isTrue();
  }

  private String blockKey(String entityId, Instant inHour) {
    long hour = PointBlock.blockStart(PointBlock.epochNanos(inHour)) / 1_000_000_000L;
    return keys.prefix() + "admin-cache:history_block:" + entityId + ":" + hour;
  }

  private double count(String result) {
    return meters
        .get(MetricNames.ADMIN_CACHE_REQUESTS)
        .tag("endpoint", "history_block")
        .tag("result", result)
        .counter()
        .count();
  }

  private static void assertSameHistory(History actual, History expected, String what) {
    assertThat(actual.raw()).as(what).isEqualTo(expected.raw());
    assertThat(actual.every()).as(what).isEqualTo(expected.every());
    assertThat(actual.fn()).as(what).isEqualTo(expected.fn());
    assertThat(actual.count()).as(what).isEqualTo(expected.count());
    assertThat(actual.series())
        .as(what)
        .extracting(History.Series::measurement)
        .isEqualTo(expected.series().stream().map(History.Series::measurement).toList());
    for (int s = 0; s < expected.series().size(); s++) {
      List<History.Point> want = expected.series().get(s).points();
      List<History.Point> got = actual.series().get(s).points();
      assertThat(got)
          .as(what)
          .extracting(History.Point::time)
          .isEqualTo(want.stream().map(History.Point::time).toList());
      for (int i = 0; i < want.size(); i++) {
        double value = want.get(i).value();
        // Means may differ in the last bits where InfluxDB merged partial sums.
        assertThat(got.get(i).value())
            .as(what + " at " + want.get(i).time())
            .isCloseTo(value, within(Math.abs(value) * 1e-12));
      }
    }
  }
}
