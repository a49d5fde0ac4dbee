package dev.haingestor.admin.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code GET /api/v1/health} with status hashes and streams written into real Redis. */
class HealthEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String LAST_EVENT = "2024-05-01T10:00:00.123456+00:00";

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(
        registry, HealthEndpointIT.class, RealServers.influx().createDatabase("admin_health"));
    // Every test changes the pipeline and reads the report at once: no cached reports.
    registry.add("admin.cache.health-ttl", () -> "0s");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  /** Leaves admin-api's own heartbeat alone: it is rewritten only every 5 s. */
  @BeforeEach
  void resetPipeline() {
    redis
        .delete(
            keys.serviceStatus(ServiceStatusContract.INGESTION_SERVICE),
            keys.serviceStatus(ServiceStatusContract.ENRICHMENT_SERVICE),
            keys.events(),
            keys.deadLetters())
        .block(WAIT);
  }

  private void heartbeat(String service, Map<String, String> fields) {
    Map<String, String> hash = new LinkedHashMap<>();
    hash.put(ServiceStatusContract.SERVICE, service);
    hash.put(ServiceStatusContract.INSTANCE, service + "-1");
    hash.put(ServiceStatusContract.VERSION, "0.1.0");
    hash.put(ServiceStatusContract.UPDATED_AT, HaTimestamps.format(Instant.now()));
    hash.putAll(fields);
    String key = keys.serviceStatus(service);
    redis
        .opsForHash()
        .putAll(key, hash)
        .then(redis.expire(key, ServiceStatusContract.HEARTBEAT_TTL))
        .block(WAIT);
  }

  private void ingestion(String status, String haConnection, String reason) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ServiceStatusContract.STATUS, status);
    fields.put(ServiceStatusContract.HA_CONNECTION, haConnection);
    fields.put(ServiceStatusContract.LAST_EVENT_AT, LAST_EVENT);
    if (reason != null) {
      fields.put(ServiceStatusContract.REASON, reason);
    }
    heartbeat(ServiceStatusContract.INGESTION_SERVICE, fields);
  }

  private void enrichment() {
    heartbeat(
        ServiceStatusContract.ENRICHMENT_SERVICE,
        Map.of(
            ServiceStatusContract.STATUS,
            "UP",
            ServiceStatusContract.LAST_EVENT_AT,
            "2024-05-01T09:59:59+00:00"));
  }

  /** The enrichment group on a stream of {@code entries}, reading from the start. */
  private void streamWithGroup(int entries) {
    for (int i = 0; i < entries; i++) {
      redis.opsForStream().add(keys.events(), Map.of("n", String.valueOf(i))).block(WAIT);
    }
    redis
        .opsForStream()
        .createGroup(keys.events(), ReadOffset.from("0-0"), RedisKeys.ENRICHMENT_GROUP)
        .block(WAIT);
  }

  private HealthReport health(HttpStatus expected) {
    return web.get()
        .uri("/api/v1/health")
        .exchange()
        .expectStatus()
        .isEqualTo(expected)
        .expectBody(HealthReport.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void isUpWhenEveryServiceBeatsAndThePipelineIsIdle() {
    ingestion("UP", "subscribed", null);
    enrichment();
    streamWithGroup(0);

    // admin-api's own first heartbeat is written asynchronously at start-up.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(health(HttpStatus.OK).status()).isEqualTo(ComponentStatus.UP));

    HealthReport report = health(HttpStatus.OK);
    assertThat(report.reasons()).isEmpty();
    assertThat(report.lastEventAt()).isEqualTo(LAST_EVENT);
    HealthReport.Components components = report.components();
    assertThat(components.services())
        .containsOnlyKeys("ingestion-service", "enrichment-service", "admin-api");
    ServiceStatus ingestion = components.services().get("ingestion-service");
    assertThat(ingestion)
        .isEqualTo(
            new ServiceStatus(
                ComponentStatus.UP,
                "0.1.0",
                "ingestion-service-1",
                ingestion.updatedAt(),
                null,
                "subscribed",
                LAST_EVENT));
    assertThat(HaTimestamps.parse(ingestion.updatedAt())).isAfter(Instant.now().minusSeconds(60));
    assertThat(components.services().get("admin-api").status()).isEqualTo(ComponentStatus.UP);
    assertThat(components.redis().status()).isEqualTo(ComponentStatus.UP);
    assertThat(components.influxdb().status()).isEqualTo(ComponentStatus.UP);
    assertThat(components.influxdb().version()).isEqualTo(RealServers.influx().version());
    assertThat(components.ha()).isEqualTo(new HaHealth(ComponentStatus.UP, "subscribed", null));
    assertThat(components.pipeline().status()).isEqualTo(ComponentStatus.UP);
    assertThat(components.pipeline().deadLetters()).isZero();
  }

  @Test
  void writesSnakeCaseJson() {
    ingestion("UP", "subscribed", null);
    enrichment();

    web.get()
        .uri("/api/v1/health")
        .exchange()
        .expectBody()
        .jsonPath("$.checked_at")
        .isNotEmpty()
        .jsonPath("$.last_event_at")
        .isEqualTo(LAST_EVENT)
        .jsonPath("$.components.services['ingestion-service'].ha_connection")
        .isEqualTo("subscribed")
        .jsonPath("$.components.pipeline.stream_length")
        .isEqualTo(0)
        .jsonPath("$.components.ha.connection")
        .isEqualTo("subscribed");
  }

  @Test
  void isDownWith503WhenIngestionHasNoHeartbeat() {
    enrichment();
    streamWithGroup(0);

    HealthReport report = health(HttpStatus.SERVICE_UNAVAILABLE);

    assertThat(report.status()).isEqualTo(ComponentStatus.DOWN);
    ServiceStatus ingestion = report.components().services().get("ingestion-service");
    assertThat(ingestion.status()).isEqualTo(ComponentStatus.DOWN);
    assertThat(ingestion.reason()).isEqualTo("no heartbeat within 20s");
    assertThat(report.reasons()).contains("ingestion-service DOWN: no heartbeat within 20s");
    assertThat(report.components().ha().status()).isEqualTo(ComponentStatus.DOWN);
  }

  @Test
  void isDownWhenHaRefusedTheToken() {
    ingestion("DOWN", "auth_failed", "HA refused the access token (auth_invalid)");
    enrichment();
    streamWithGroup(0);

    HealthReport report = health(HttpStatus.SERVICE_UNAVAILABLE);

    assertThat(report.components().ha())
        .isEqualTo(
            new HaHealth(
                ComponentStatus.DOWN, "auth_failed", "HA refused the access token (auth_invalid)"));
  }

  @Test
  void reportsStreamLengthPendingLagAndDeadLetters() {
    ingestion("UP", "subscribed", null);
    enrichment();
    streamWithGroup(5);
    redis
        .opsForStream()
        .read(
            Consumer.from(RedisKeys.ENRICHMENT_GROUP, "enrichment-1"),
            StreamReadOptions.empty().count(3),
            StreamOffset.create(keys.events(), ReadOffset.lastConsumed()))
        .collectList()
        .block(WAIT);
    redis.opsForStream().add(keys.deadLetters(), Map.of("reason", "invalid")).block(WAIT);
    redis.opsForStream().add(keys.deadLetters(), Map.of("reason", "invalid")).block(WAIT);

    HealthReport report = health(HttpStatus.OK);

    PipelineHealth pipeline = report.components().pipeline();
    assertThat(pipeline.streamLength()).isEqualTo(5);
    assertThat(pipeline.deadLetters()).isEqualTo(2);
    assertThat(pipeline.consumerGroup().name()).isEqualTo("enrichment");
    assertThat(pipeline.consumerGroup().consumers()).isEqualTo(1);
    assertThat(pipeline.consumerGroup().pending()).isEqualTo(3);
    assertThat(pipeline.consumerGroup().lag()).isEqualTo(2);
    assertThat(pipeline.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(report.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(report.reasons()).contains("pipeline DEGRADED: 2 dead letters");
  }

  @Test
  void reportsAMissingStreamAsAMissingGroup() {
    ingestion("UP", "subscribed", null);
    enrichment();

    HealthReport report = health(HttpStatus.OK);

    assertThat(report.components().pipeline().streamLength()).isZero();
    assertThat(report.components().pipeline().consumerGroup()).isNull();
    assertThat(report.components().pipeline().reason()).isEqualTo("consumer group does not exist");
  }
}
