package dev.haingestor.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.admin.cache.CachedJson;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** {@code /api/v1/config} over the runtime configuration contract in real Redis. */
class ConfigEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, ConfigEndpointIT.class, "admin_config_unused");
    apiKeys(registry);
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;
  @Autowired private RuntimeConfigStore store;

  private Disposable watching;

  @BeforeEach
  void noConfiguration() {
    var configKeys = store.keys();
    redis.delete(configKeys.document(), configKeys.history()).block(WAIT);
  }

  @AfterEach
  void stopWatching() {
    if (watching != null) {
      watching.dispose();
    }
  }

  private WebTestClient.ResponseSpec put(String ifMatch, String body) {
    return web.put()
        .uri("/api/v1/config")
        .header("X-API-Key", ADMIN_KEY)
        .headers(
            h -> {
              if (ifMatch != null) {
                h.set("If-Match", ifMatch);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec patch(String ifMatch, String body) {
    return web.patch()
        .uri("/api/v1/config")
        .header("X-API-Key", ADMIN_KEY)
        .header("If-Match", ifMatch)
        .contentType(MediaType.parseMediaType("application/merge-patch+json"))
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec get() {
    return web.get().uri("/api/v1/config").header("X-API-Key", READ_KEY).exchange();
  }

  @Test
  void answersVersionZeroWithoutSectionsWhenNothingIsStored() {
    get()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("ETag", "\"0\"")
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(0)
        .jsonPath("$.filter")
        .doesNotExist();
  }

  @Test
  void storesADocumentWithTheNextVersionAndTheCallersKeyName() {
    put(
            "\"0\"",
            "{\"enrichment\":{\"batch_size\":500},\"filter\":{\"exclude\":{\"domains\":[\"light\"]}}}")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("ETag", "\"1\"")
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1)
        .jsonPath("$.updated_by")
        .isEqualTo("admin-key")
        .jsonPath("$.enrichment.batch_size")
        .isEqualTo(500);

    get()
        .expectHeader()
        .valueEquals("ETag", "\"1\"")
        .expectBody()
        .jsonPath("$.filter.exclude.domains[0]")
        .isEqualTo("light");
    RuntimeConfig stored = store.load().block(WAIT).orElseThrow();
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.enrichment().batchSize()).isEqualTo(500);
  }

  @Test
  void requiresIfMatchWith428() {
    put(null, "{}")
        .expectStatus()
        .isEqualTo(HttpStatus.PRECONDITION_REQUIRED)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:if-match-required");
  }

  @Test
  void refusesAStaleVersionWith412AndTheCurrentEtag() {
    put("\"0\"", "{}").expectStatus().isOk();

    put("\"0\"", "{\"enrichment\":{\"batch_size\":5}}")
        .expectStatus()
        .isEqualTo(HttpStatus.PRECONDITION_FAILED)
        .expectHeader()
        .valueEquals("ETag", "\"1\"")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:version-mismatch")
        .jsonPath("$.current_version")
        .isEqualTo(1);
    patch("\"5\"", "{}").expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);
    assertThat(store.load().block(WAIT).orElseThrow().enrichment()).isNull();
  }

  @Test
  void letsOnlyOneOfConcurrentChangesOfOneVersionWin() {
    List<Integer> statuses =
        Flux.range(0, 6)
            .flatMap(
                i ->
                    client()
                        .put()
                        .uri("/api/v1/config")
                        .header("X-API-Key", ADMIN_KEY)
                        .header("If-Match", "\"0\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"enrichment\":{\"batch_size\":" + (i + 1) + "}}")
                        .exchangeToMono(
                            response ->
                                response.releaseBody().thenReturn(response.statusCode().value())))
            .collectList()
            .block(Duration.ofSeconds(20));

    assertThat(statuses).containsOnly(200, 412).filteredOn(s -> s == 200).hasSize(1);
    assertThat(store.load().block(WAIT).orElseThrow().version()).isEqualTo(1);
    assertThat(store.history(10).collectList().block(WAIT)).hasSize(1);
  }

  @Test
  void listsEveryViolationIn400() {
    put(
            "\"0\"",
            "{\"enrichment\":{\"batch_size\":0},\"weather\":{\"latitude\":100.5,\"longitude\":1.5}}")
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:invalid-config")
        .jsonPath("$.errors[?(@.path == 'enrichment.batch_size')]")
        .exists()
        .jsonPath("$.errors[?(@.path == 'weather.latitude')]")
        .exists();
    put("\"0\"", "{\"schema\":{\"measurment_attr\":\"x\"}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("schema.measurment_attr");
    put("\"0\"", "{not json")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("$");
    put("\"0\"", "").expectStatus().isBadRequest();
    assertThat(store.load().block(WAIT)).isEmpty();
  }

  @Test
  void rejectsAMalformedIfMatch() {
    put("*", "{}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("If-Match");
  }

  @Test
  void mergesAPatchIntoTheCurrentDocument() {
    put("\"0\"", "{\"enrichment\":{\"batch_size\":500},\"ingestion\":{\"max_processing_rate\":10}}")
        .expectStatus()
        .isOk();

    patch("\"1\"", "{\"enrichment\":{\"min_batch_size\":50},\"ingestion\":null}")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("ETag", "\"2\"")
        .expectBody()
        .jsonPath("$.enrichment.batch_size")
        .isEqualTo(500)
        .jsonPath("$.enrichment.min_batch_size")
        .isEqualTo(50)
        .jsonPath("$.ingestion")
        .doesNotExist();
    patch("\"2\"", "{\"enrichment\":{\"min_batch_size\":5000}}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("enrichment.min_batch_size");
  }

  @Test
  void keepsAnAuditHistoryNewestFirst() {
    put("\"0\"", "{}").expectStatus().isOk();
    patch("\"1\"", "{\"enrichment\":{\"batch_size\":7}}").expectStatus().isOk();

    web.get()
        .uri("/api/v1/config/history?limit=5")
        .header("X-API-Key", READ_KEY)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.count")
        .isEqualTo(2)
        .jsonPath("$.entries[0].version")
        .isEqualTo(2)
        .jsonPath("$.entries[0].updated_by")
        .isEqualTo("admin-key")
        .jsonPath("$.entries[0].document.enrichment.batch_size")
        .isEqualTo(7)
        .jsonPath("$.entries[1].version")
        .isEqualTo(1);
    web.get()
        .uri("/api/v1/config/history?limit=1001")
        .header("X-API-Key", READ_KEY)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("limit");
  }

  @Test
  void announcesAStoredChangeToTheServicesWithinOneSecond() {
    // A service's watcher whose poll never fires during the test: only pub/sub can deliver.
    List<Long> versions = new CopyOnWriteArrayList<>();
    watching =
        new RuntimeConfigWatcher(store, Duration.ofHours(1))
            .watch()
            .subscribe(config -> versions.add(config.version()));
    put("\"0\"", "{}").expectStatus().isOk();
    await().atMost(WAIT).until(() -> versions.contains(1L));

    long sent = System.nanoTime();
    put("\"1\"", "{\"filter\":{\"exclude\":{\"domains\":[\"light\"]}}}").expectStatus().isOk();

    await().atMost(Duration.ofSeconds(1)).until(() -> versions.contains(2L));
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void invalidatesCachedAnswersWithEachNewVersion() {
    String stats = "/api/v1/stats?window=1h&top=7";
    web.get().uri(stats).header("X-API-Key", READ_KEY).exchange().expectStatus().isOk();
    web.get()
        .uri(stats)
        .header("X-API-Key", READ_KEY)
        .exchange()
        .expectHeader()
        .valueEquals(CachedJson.HEADER, "HIT");

    put("\"0\"", "{\"filter\":{\"exclude\":{\"domains\":[\"light\"]}}}").expectStatus().isOk();

    EntityExchangeResult<byte[]> after =
        web.get().uri(stats).header("X-API-Key", READ_KEY).exchange().expectBody().returnResult();
    assertThat(after.getResponseHeaders().getFirst(CachedJson.HEADER)).isEqualTo("MISS");
  }

  @Test
  void refusesChangesWithTheReadKeyOrWithoutKey() {
    web.put()
        .uri("/api/v1/config")
        .header("X-API-Key", READ_KEY)
        .header("If-Match", "\"0\"")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isForbidden();
    web.patch()
        .uri("/api/v1/config")
        .header("If-Match", "\"0\"")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    web.get().uri("/api/v1/config").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void refusesAnOversizedBodyWithAProblemNotAnError() {
    String huge = "{\"schema\":{\"tags\":{\"x\":\"" + "a".repeat(400_000) + "\"}}}";

    put("\"0\"", huge)
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void refusesAnUnsupportedContentTypeWithAProblem() {
    web.put()
        .uri("/api/v1/config")
        .header("X-API-Key", ADMIN_KEY)
        .header("If-Match", "\"0\"")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
