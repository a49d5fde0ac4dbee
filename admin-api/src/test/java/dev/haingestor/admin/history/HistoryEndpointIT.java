package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * History of {@code sensor.power}: 2 hours of points every 10 s from {@code T0} (value = minute of
 * the hour, so bucket means are known), in measurement {@code W}; 3 points of the same entity in
 * {@code kW}; a text-only entity.
 */
class HistoryEndpointIT extends AdminApiIntegrationTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final String DATABASE = RealServers.influx().createDatabase("admin_history");

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, HistoryEndpointIT.class, DATABASE);
    registry.add("admin.history.max-points", () -> "400");
    registry.add("admin.history.raw-max-range", () -> "3h");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  @BeforeAll
  static void writePoints() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 720; i++) {
      Instant t = T0.plusSeconds(10L * i);
      long minute = Duration.between(T0, t).toMinutes() % 60;
      lines.add("W,domain=sensor,entity_id=power value=" + minute + " " + micros(t));
    }
    lines.add("kW,domain=sensor,entity_id=power value=1.5 " + micros(T0.plusSeconds(5)));
    lines.add("kW,domain=sensor,entity_id=power value=2.5 " + micros(T0.plusSeconds(15)));
    lines.add("kW,domain=sensor,entity_id=power value=3.5 " + micros(T0.plusSeconds(25)));
    lines.add("W,domain=sensor,entity_id=other value=999 " + micros(T0.plusSeconds(5)));
    lines.add("switch,domain=switch,entity_id=lamp state=\"on\" " + micros(T0.plusSeconds(5)));
    RealServers.influx().influxQl().write(DATABASE, String.join("\n", lines), "us");
  }

  private static long micros(Instant instant) {
    return HaTimestamps.toEpochMicros(instant);
  }

  private WebTestClient.ResponseSpec get(String entityId, String query) {
    return web.get().uri("/api/v1/entities/" + entityId + "/history" + query).exchange();
  }

  private History history(String query) {
    return get("sensor.power", query)
        .expectStatus()
        .isOk()
        .expectBody(History.class)
        .returnResult()
        .getResponseBody();
  }

  private static History.Series series(History history, String measurement) {
    return history.series().stream()
        .filter(s -> s.measurement().equals(measurement))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void answersStoredPointsForASmallRange() {
    History history = history("?start=2024-05-01T10:00:00Z&end=2024-05-01T10:01:00Z");

    assertThat(history.raw()).isTrue();
    assertThat(history.every()).isNull();
    assertThat(series(history, "W").points())
        .extracting(History.Point::time)
        .containsExactly(
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:10+00:00",
            "2024-05-01T10:00:20+00:00",
            "2024-05-01T10:00:30+00:00",
            "2024-05-01T10:00:40+00:00",
            "2024-05-01T10:00:50+00:00",
            "2024-05-01T10:01:00+00:00");
    assertThat(series(history, "kW").points())
        .extracting(History.Point::value)
        .containsExactly(1.5, 2.5, 3.5);
    assertThat(history.count()).isEqualTo(10);
  }

  @Test
  void downsamplesByEachFunction() {
    String range = "?start=2024-05-01T10:00:00Z&end=2024-05-01T10:59:59Z&every=10m";

    History mean = history(range + "&fn=mean");
    History max = history(range + "&fn=max");
    History count = history(range + "&fn=count");
    History last = history(range + "&fn=last");

    assertThat(mean.raw()).isFalse();
    assertThat(mean.every()).isEqualTo("10m");
    assertThat(mean.fn()).isEqualTo("mean");
    // Bucket 10:10–10:20 holds minutes 10…19, six points each: mean 14.5.
    assertThat(series(mean, "W").points().get(1))
        .isEqualTo(new History.Point("2024-05-01T10:10:00+00:00", 14.5));
    assertThat(series(max, "W").points().get(1).value()).isEqualTo(19.0);
    assertThat(series(count, "W").points().get(1).value()).isEqualTo(60.0);
    assertThat(series(last, "W").points().get(5).value()).isEqualTo(59.0);
    assertThat(series(mean, "W").points()).hasSize(6);
  }

  @Test
  void chooseABucketWhenNoneIsGiven() {
    History history = history("?start=2024-05-01T10:00:00Z&end=2024-05-01T12:00:00Z&fn=min");

    // 2 h within min(500, 400) points → 30 s buckets.
    assertThat(history.every()).isEqualTo("30s");
    assertThat(series(history, "W").points()).hasSize(240);
  }

  @Test
  void downsamplesASmallRangeWithTooManyStoredPoints() {
    // Within the raw range (3 h here), but 721 stored points are more than the bound of 400.
    History history = history("?start=2024-05-01T10:00:00Z&end=2024-05-01T12:00:00Z");

    assertThat(history.raw()).isFalse();
    assertThat(history.fn()).isEqualTo("mean");
    assertThat(history.every()).isEqualTo("30s");
    assertThat(series(history, "W").points()).hasSize(240);
  }

  @Test
  void refusesAnEveryBeyondThePointBound() {
    get("sensor.power", "?start=2024-05-01T10:00:00Z&end=2024-05-01T12:00:00Z&every=10s")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("every")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("720 points", "at least 18s"));
  }

  @Test
  void answersAnEmptyHistoryForAKnownEntityWithoutPoints() {
    redis
        .opsForHash()
        .put(new EntityIndexKeys(keys).index(), "switch.lamp", "{\"entity_id\":\"switch.lamp\"}")
        .block(Duration.ofSeconds(5));

    History history =
        get("switch.lamp", "?start=2024-05-01T10:00:00Z&end=2024-05-01T11:00:00Z")
            .expectStatus()
            .isOk()
            .expectBody(History.class)
            .returnResult()
            .getResponseBody();

    assertThat(history.count()).isZero();
    assertThat(history.series()).isEmpty();
  }

  @Test
  void answers404ForAnUnknownEntity() {
    get("sensor.nothing", "?start=2024-05-01T10:00:00Z&end=2024-05-01T11:00:00Z")
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:not-found");
  }

  @Test
  void readsNoOtherEntity() {
    History history = history("?start=2024-05-01T10:00:00Z&end=2024-05-01T10:00:10Z");

    assertThat(series(history, "W").points())
        .extracting(History.Point::value)
        .doesNotContain(999.0);
  }

  @Test
  void writesSnakeCaseJson() {
    get("sensor.power", "?start=2024-05-01T10:00:00Z&end=2024-05-01T10:00:10Z")
        .expectBody()
        .jsonPath("$.entity_id")
        .isEqualTo("sensor.power")
        .jsonPath("$.series[0].measurement")
        .isEqualTo("W")
        .jsonPath("$.series[0].points[0].time")
        .isEqualTo("2024-05-01T10:00:00+00:00")
        .jsonPath("$.series[0].points[0].value")
        .isEqualTo(0.0);
  }
}
