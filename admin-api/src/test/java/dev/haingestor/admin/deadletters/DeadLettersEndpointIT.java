package dev.haingestor.admin.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The dead-letter endpoints over real Redis, with entries in the services' formats. */
class DeadLettersEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, DeadLettersEndpointIT.class, "admin_deadletters_unused");
    apiKeys(registry);
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  @BeforeEach
  void empty() {
    redis.delete(keys.deadLetters(), keys.events()).block(WAIT);
  }

  private String add(Map<String, String> fields) {
    return redis
        .opsForStream()
        .add(MapRecord.create(keys.deadLetters(), fields))
        .map(RecordId::getValue)
        .block(WAIT);
  }

  private String rejected(String entityId, int second) {
    return add(
        DeadLetterEntries.enrichment(
            DeadLetterEntries.event(entityId, "1." + second, T0.plusSeconds(second)),
            "influxdb_rejected"));
  }

  private WebTestClient.RequestHeadersSpec<?> get(String query) {
    return web.get().uri("/api/v1/dead-letters" + query).header("X-API-Key", READ_KEY);
  }

  private DeadLetterPage page(String query) {
    return get(query)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(DeadLetterPage.class)
        .returnResult()
        .getResponseBody();
  }

  private WebTestClient.ResponseSpec replay(String body) {
    return web.post()
        .uri("/api/v1/dead-letters/replay")
        .header("X-API-Key", ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private ReplayResult replayed(String body) {
    return replay(body)
        .expectStatus()
        .isOk()
        .expectBody(ReplayResult.class)
        .returnResult()
        .getResponseBody();
  }

  private List<MapRecord<String, Object, Object>> events() {
    return redis.opsForStream().range(keys.events(), Range.unbounded()).collectList().block(WAIT);
  }

  @Test
  void listsNewestFirstWithReplayability() {
    String first = rejected("sensor.a", 1);
    String frame = add(DeadLetterEntries.ingestion("{\"type\":\"event\""));

    DeadLetterPage page = page("");

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.nextBefore()).isNull();
    assertThat(page.deadLetters()).extracting(DeadLetter::id).containsExactly(frame, first);
    DeadLetter enrichment = page.deadLetters().get(1);
    assertThat(enrichment.reason()).isEqualTo("influxdb_rejected");
    assertThat(enrichment.stage()).isEqualTo("enrichment");
    assertThat(enrichment.entityId()).isEqualTo("sensor.a");
    assertThat(enrichment.replayable()).isTrue();
    assertThat(enrichment.originalId()).isEqualTo("1714557600000-0");
    assertThat(enrichment.failedAt()).isEqualTo("2024-05-01T10:00:00.500000+00:00");
    DeadLetter ingestion = page.deadLetters().get(0);
    assertThat(ingestion.replayable()).isFalse();
    assertThat(ingestion.notReplayableBecause()).startsWith("stage ingestion");
    assertThat(ingestion.raw()).isEqualTo("{\"type\":\"event\"");
  }

  @Test
  void pagesByIdAndFiltersByReason() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(rejected("sensor.p" + i, i));
      add(DeadLetterEntries.ingestion("frame " + i));
    }

    DeadLetterPage first = page("?reason=influxdb_rejected&limit=2");
    DeadLetterPage second = page("?reason=influxdb_rejected&limit=2&before=" + first.nextBefore());
    DeadLetterPage third = page("?reason=influxdb_rejected&limit=2&before=" + second.nextBefore());

    assertThat(first.deadLetters())
        .extracting(DeadLetter::id)
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(second.deadLetters())
        .extracting(DeadLetter::id)
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(third.deadLetters()).extracting(DeadLetter::id).containsExactly(ids.get(0));
    assertThat(third.nextBefore()).isNull();
    assertThat(first.total()).isEqualTo(10);
    assertThat(page("?reason=invalid_json").count()).isEqualTo(5);
    assertThat(page("?reason=too_many_deliveries").deadLetters()).isEmpty();
  }

  @Test
  void replaysChosenEntriesIntoTheEventStreamAndRemovesThem() {
    Map<String, String> event = DeadLetterEntries.event("sensor.power", "42", T0);
    String id = add(DeadLetterEntries.enrichment(event, "influxdb_rejected"));
    String other = rejected("sensor.other", 2);

    ReplayResult result = replayed("{\"ids\":[\"" + id + "\",\"1-0\"]}");

    assertThat(result.replayed()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
    assertThat(result.skipped()).containsExactly(new ReplayResult.Skipped("1-0", "not found"));
    List<MapRecord<String, Object, Object>> events = events();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getId().getValue()).isEqualTo(result.replayed().get(0).eventId());
    assertThat(events.get(0).getValue()).isEqualTo(Map.copyOf(event));
    assertThat(page("").deadLetters()).extracting(DeadLetter::id).containsExactly(other);
  }

  @Test
  void replaysEveryReplayableEntryOldestFirstAndSkipsFrames() {
    String frame = add(DeadLetterEntries.ingestion("garbage"));
    String a = rejected("sensor.a", 1);
    String b = rejected("sensor.b", 2);

    ReplayResult result = replayed("{\"all\":true}");

    assertThat(result.replayed()).extracting(ReplayResult.Replayed::id).containsExactly(a, b);
    assertThat(result.skipped()).extracting(ReplayResult.Skipped::id).containsExactly(frame);
    assertThat(result.more()).isFalse();
    assertThat(events())
        .extracting(e -> e.getValue().get("entity_id"))
        .containsExactly("sensor.a", "sensor.b");
    assertThat(page("").deadLetters()).extracting(DeadLetter::id).containsExactly(frame);
  }

  @Test
  void replaysAtMostTheLimitAndSaysWhetherMoreRemain() {
    for (int i = 0; i < 3; i++) {
      rejected("sensor.x" + i, i);
    }
    add(
        DeadLetterEntries.enrichment(
            DeadLetterEntries.event("sensor.y", "1", T0), "too_many_deliveries"));

    ReplayResult first = replayed("{\"reason\":\"influxdb_rejected\",\"limit\":2}");
    ReplayResult second = replayed("{\"reason\":\"influxdb_rejected\",\"limit\":2}");

    assertThat(first.replayed()).hasSize(2);
    assertThat(first.more()).isTrue();
    assertThat(second.replayed()).hasSize(1);
    assertThat(second.more()).isFalse();
    assertThat(page("").deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("too_many_deliveries"));
  }

  @Test
  void replaysAnEntryOnceUnderConcurrentRequests() {
    String id = rejected("sensor.once", 1);

    List<ReplayResult> results =
        Flux.range(0, 8)
            .flatMap(
                i ->
                    client()
                        .post()
                        .uri("/api/v1/dead-letters/replay")
                        .header("X-API-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"ids\":[\"" + id + "\"]}")
                        .retrieve()
                        .bodyToMono(ReplayResult.class))
            .collectList()
            .block(Duration.ofSeconds(20));

    assertThat(results).hasSize(8);
    assertThat(results.stream().mapToInt(r -> r.replayed().size()).sum()).isEqualTo(1);
    assertThat(events()).hasSize(1);
  }

  @Test
  void deletesAnEntryAndAnswers404Afterwards() {
    String id = rejected("sensor.gone", 1);

    web.delete()
        .uri("/api/v1/dead-letters/" + id)
        .header("X-API-Key", ADMIN_KEY)
        .exchange()
        .expectStatus()
        .isNoContent();
    web.delete()
        .uri("/api/v1/dead-letters/" + id)
        .header("X-API-Key", ADMIN_KEY)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:not-found");
    assertThat(page("").total()).isZero();
  }

  @Test
  void rejectsBadParametersWith400() {
    get("?reason=INVALID_JSON")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("reason");
    get("?before=%2B")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("before");
    get("?limit=201")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("limit");
    web.delete()
        .uri("/api/v1/dead-letters/{id}", "1-0 OR 1")
        .header("X-API-Key", ADMIN_KEY)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("id");
    replay("{\"ids\":[\"*\"]}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("ids");
    replay("{}").expectStatus().isBadRequest();
  }

  @Test
  void refusesReplayAndDeleteWithTheReadKey() {
    web.post()
        .uri("/api/v1/dead-letters/replay")
        .header("X-API-Key", READ_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"all\":true}")
        .exchange()
        .expectStatus()
        .isForbidden();
    web.delete()
        .uri("/api/v1/dead-letters/1-0")
        .header("X-API-Key", READ_KEY)
        .exchange()
        .expectStatus()
        .isForbidden();
  }
}
