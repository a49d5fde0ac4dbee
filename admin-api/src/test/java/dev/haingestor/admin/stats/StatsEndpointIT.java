package dev.haingestor.admin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.admin.cache.CachedJson;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StageCounter;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/v1/stats} over counters written by the services' own {@link StageCounter}: one
 * batch 2 minutes ago, one 30 minutes ago, one 3 hours ago.
 */
class StatsEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, StatsEndpointIT.class, "admin_stats_unused");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  /** Written once for the class: the tests only read. */
  private static final java.util.concurrent.atomic.AtomicBoolean WRITTEN =
      new java.util.concurrent.atomic.AtomicBoolean();

  private void record(Duration ago, PipelineStage stage, List<String> entityIds) {
    Clock then = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
    new StageCounter(redis, new StatsKeys(keys), then).record(stage, entityIds).block(WAIT);
  }

  private void batches() {
    if (!WRITTEN.compareAndSet(false, true)) {
      return;
    }
    List<String> recent = new java.util.ArrayList<>();
    recent.addAll(Collections.nCopies(30, "sensor.power"));
    recent.addAll(Collections.nCopies(10, "light.kitchen"));
    recent.addAll(Collections.nCopies(20, "sensor.temp"));
    record(Duration.ofMinutes(2), PipelineStage.RECEIVED, recent);
    record(Duration.ofMinutes(2), PipelineStage.WRITTEN, recent.subList(0, 30));
    record(Duration.ofMinutes(2), PipelineStage.DEAD_LETTERED, List.of("sensor.bad"));
    record(Duration.ofMinutes(2), PipelineStage.REJECTED, List.of("sensor.bad", "sensor.bad"));
    record(Duration.ofMinutes(30), PipelineStage.RECEIVED, Collections.nCopies(100, "sensor.old"));
    record(Duration.ofMinutes(30), PipelineStage.BACKFILLED, Collections.nCopies(7, "sensor.old"));
    record(
        Duration.ofHours(3), PipelineStage.RECEIVED, Collections.nCopies(1000, "switch.ancient"));
  }

  private StatsReport stats(String query) {
    batches();
    return web.get()
        .uri("/api/v1/stats" + query)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(StatsReport.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void sumsTheLastFiveMinutesByDefault() {
    StatsReport report = stats("");

    assertThat(report.window()).isEqualTo("5m");
    assertThat(report.seconds()).isBetween(240L, 300L);
    assertThat(report.eventsIn().count()).isEqualTo(60);
    assertThat(report.eventsIn().perSecond())
        .isCloseTo(60.0 / report.seconds(), org.assertj.core.data.Offset.offset(0.001));
    assertThat(report.eventsOut().count()).isEqualTo(30);
    assertThat(report.errors()).isEqualTo(2);
    assertThat(report.deadLetters()).isEqualTo(1);
    assertThat(report.backfilled()).isZero();
    assertThat(report.domains())
        .extracting(d -> d.domain() + ":" + d.in().count() + "/" + d.out().count())
        .containsExactly("sensor:50/30", "light:10/0");
    assertThat(report.topEntities())
        .extracting(e -> e.entityId() + ":" + e.in().count())
        .containsExactly("sensor.power:30", "sensor.temp:20", "light.kitchen:10");
  }

  @Test
  void widensWithTheWindow() {
    StatsReport hour = stats("?window=1h&top=1");
    StatsReport day = stats("?window=24h");

    assertThat(hour.eventsIn().count()).isEqualTo(160);
    assertThat(hour.backfilled()).isEqualTo(7);
    assertThat(hour.topEntities())
        .extracting(StatsReport.EntityStats::entityId)
        .containsExactly("sensor.old");
    assertThat(day.eventsIn().count()).isEqualTo(1160);
    assertThat(day.seconds()).isGreaterThan(23 * 3600);
  }

  @Test
  void writesSnakeCaseJson() {
    batches();
    web.get()
        .uri("/api/v1/stats?window=5m")
        .exchange()
        .expectBody()
        .jsonPath("$.events_in.per_second")
        .isNumber()
        .jsonPath("$.stages.dead_lettered.count")
        .isEqualTo(1)
        .jsonPath("$.top_entities[0].entity_id")
        .isEqualTo("sensor.power")
        .jsonPath("$.dead_letters")
        .isEqualTo(1);
  }

  @Test
  void servesRepeatedRequestsFromTheCache() {
    batches();
    web.get().uri("/api/v1/stats?window=1h&top=3").exchange().expectStatus().isOk();

    web.get()
        .uri("/api/v1/stats?window=1h&top=3")
        .exchange()
        .expectHeader()
        .valueEquals(CachedJson.HEADER, "HIT");
    // Another parameter is another entry.
    web.get()
        .uri("/api/v1/stats?window=1h&top=4")
        .exchange()
        .expectHeader()
        .valueEquals(CachedJson.HEADER, "MISS");
  }

  @Test
  void answersNothingCountedWithZeros() {
    redis.delete(keys.prefix() + "nothing").block(WAIT);
    StatsReport report = stats("?window=5m&top=100");

    assertThat(report.stages()).containsKeys("received", "published", "filtered", "written");
    assertThat(report.stages().get("filtered").count()).isZero();
  }

  @Test
  void rejectsAnUnknownWindow() {
    web.get()
        .uri("/api/v1/stats?window=7d")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("window");
  }
}
