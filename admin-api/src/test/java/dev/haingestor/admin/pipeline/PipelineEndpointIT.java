package dev.haingestor.admin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code GET /api/v1/pipeline} over a real stream, group and consumers. */
class PipelineEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, PipelineEndpointIT.class, "admin_pipeline_unused");
    registry.add("stream.max-length", () -> "100");
    registry.add("admin.cache.pipeline-ttl", () -> "0s");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  @BeforeEach
  void empty() {
    redis.delete(keys.events(), keys.deadLetters()).block(WAIT);
  }

  private PipelineReport report() {
    return web.get()
        .uri("/api/v1/pipeline")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(PipelineReport.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void reportsLengthHeadroomGroupsConsumersAndTheOldestPendingEntry() {
    for (int i = 0; i < 10; i++) {
      redis.opsForStream().add(keys.events(), Map.of("n", Integer.toString(i))).block(WAIT);
    }
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.from("0-0"), RedisKeys.ENRICHMENT_GROUP)
        .block(WAIT);
    redis
        .opsForStream()
        .read(
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, "enrichment-1"),
            StreamReadOptions.empty().count(4),
            StreamOffset.create(keys.events(), ReadOffset.lastConsumed()))
        .collectList()
        .block(WAIT);
    redis.opsForStream().add(keys.deadLetters(), Map.of("reason", "x")).block(WAIT);

    PipelineReport report = report();

    assertThat(report.stream().length()).isEqualTo(10);
    assertThat(report.stream().maxLength()).isEqualTo(100);
    assertThat(report.stream().headroom()).isEqualTo(90);
    assertThat(report.stream().firstEntryId()).isNotNull();
    assertThat(report.stream().oldestEntryAgeMs()).isBetween(0L, 60_000L);
    assertThat(report.stream().entriesAdded()).isEqualTo(10);
    assertThat(report.deadLetters()).isEqualTo(1);
    PipelineReport.GroupReport group = report.groups().get(0);
    assertThat(group.name()).isEqualTo("enrichment");
    assertThat(group.pending()).isEqualTo(4);
    assertThat(group.lag()).isEqualTo(6);
    assertThat(group.lagHeadroom()).isEqualTo(94);
    assertThat(group.consumerCount()).isEqualTo(1);
    assertThat(group.consumers())
        .singleElement()
        .satisfies(
            consumer -> {
              assertThat(consumer.name()).isEqualTo("enrichment-1");
              assertThat(consumer.pending()).isEqualTo(4);
            });
    assertThat(group.oldestPending().id()).isEqualTo(report.stream().firstEntryId());
    assertThat(group.oldestPending().deliveries()).isEqualTo(1);
    assertThat(group.oldestPending().consumer()).isEqualTo("enrichment-1");
    assertThat(group.oldestPending().ageMs()).isBetween(0L, 60_000L);
  }

  @Test
  void reportsAStreamThatDoesNotExistAsEmpty() {
    PipelineReport report = report();

    assertThat(report.stream().length()).isZero();
    assertThat(report.stream().headroom()).isEqualTo(100);
    assertThat(report.stream().firstEntryId()).isNull();
    assertThat(report.groups()).isEmpty();
    assertThat(report.deadLetters()).isZero();
  }

  @Test
  void reportsAGroupWithoutPendingEntries() {
    redis.opsForStream().add(keys.events(), Map.of("n", "1")).block(WAIT);
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.latest(), RedisKeys.ENRICHMENT_GROUP)
        .block(WAIT);

    PipelineReport.GroupReport group = report().groups().get(0);

    assertThat(group.pending()).isZero();
    assertThat(group.oldestPending()).isNull();
    assertThat(group.consumers()).isEmpty();
  }

  @Test
  void writesSnakeCaseJson() {
    web.get()
        .uri("/api/v1/pipeline")
        .exchange()
        .expectBody()
        .jsonPath("$.stream.max_length")
        .isEqualTo(100)
        .jsonPath("$.dead_letters")
        .isEqualTo(0)
        .jsonPath("$.checked_at")
        .isNotEmpty();
  }
}
