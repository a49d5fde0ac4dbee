package dev.haingestor.common.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.EnrichmentConfig;
import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RuntimeConfigStoreIT extends RealRedisSupport {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00.123Z");

  private final RuntimeConfigJson json = new RuntimeConfigJson();
  private RuntimeConfigStore store;

  @BeforeEach
  void createStore() {
    store = new RuntimeConfigStore(redis, keys, json, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void loadsNothingBeforeTheFirstChange() {
    StepVerifier.create(store.load()).expectNext(Optional.empty()).verifyComplete();
  }

  @Test
  void firstChangeBasedOnVersionZeroStoresVersionOneWithMetadata() {
    RuntimeConfig stored = store.replace(batchSize(500), 0, "admin").block(WAIT);

    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.updatedAt()).isEqualTo(NOW);
    assertThat(stored.updatedBy()).isEqualTo("admin");
    assertThat(stored.enrichment().batchSize()).isEqualTo(500);
    assertThat(store.load().block(WAIT)).contains(stored);
    assertThat(redis.opsForValue().get(keys.runtimeConfig()).block(WAIT))
        .isEqualTo(json.write(stored));
  }

  @Test
  void compareAndSetAdvancesOneVersionAtATime() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);

    RuntimeConfig second = store.replace(batchSize(600), 1, "admin").block(WAIT);

    assertThat(second.version()).isEqualTo(2);
    assertThat(store.load().block(WAIT)).get().extracting(RuntimeConfig::version).isEqualTo(2L);
  }

  @Test
  void aChangeBasedOnAStaleVersionConflictsAndWritesNothing() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    store.replace(batchSize(600), 1, "admin").block(WAIT);

    StepVerifier.create(store.replace(batchSize(700), 1, "other"))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        ConfigVersionConflictException.class,
                        conflict -> {
                          assertThat(conflict.currentVersion()).isEqualTo(2);
                          assertThat(conflict.expectedVersion()).isEqualTo(1);
                        }))
        .verify(WAIT);
    assertThat(store.load().block(WAIT).orElseThrow().enrichment().batchSize()).isEqualTo(600);
    assertThat(store.history(10).collectList().block(WAIT)).hasSize(2);
  }

  @Test
  void onlyOneOfTwoConcurrentChangesOfTheSameVersionWins() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);

    List<Object> outcomes =
        Flux.merge(
                outcomeOf(store.replace(batchSize(601), 1, "a")),
                outcomeOf(store.replace(batchSize(602), 1, "b")))
            .collectList()
            .block(WAIT);

    assertThat(outcomes).filteredOn(RuntimeConfig.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(ConfigVersionConflictException.class::isInstance).hasSize(1);
    assertThat(store.load().block(WAIT).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void anInvalidConfigurationIsRejectedBeforeAnythingIsWritten() {
    StepVerifier.create(store.replace(batchSize(0), 0, "admin"))
        .expectError(InvalidRuntimeConfigException.class)
        .verify(WAIT);

    assertThat(redis.hasKey(keys.runtimeConfig()).block(WAIT)).isFalse();
    assertThat(store.history(10).collectList().block(WAIT)).isEmpty();
  }

  @Test
  void historyListsEveryStoredVersionNewestFirst() {
    store.replace(batchSize(500), 0, "alice").block(WAIT);
    store.replace(batchSize(600), 1, "bob").block(WAIT);

    List<ConfigHistoryEntry> history = store.history(10).collectList().block(WAIT);

    assertThat(history).extracting(ConfigHistoryEntry::version).containsExactly(2L, 1L);
    assertThat(history).extracting(ConfigHistoryEntry::updatedBy).containsExactly("bob", "alice");
    assertThat(history.get(0).updatedAt()).isEqualTo(NOW);
    assertThat(json.read(history.get(1).document()).enrichment().batchSize()).isEqualTo(500);
    assertThat(store.history(1).collectList().block(WAIT))
        .extracting(ConfigHistoryEntry::version)
        .containsExactly(2L);
  }

  @Test
  void historyLimitIsBounded() {
    StepVerifier.create(store.history(0)).expectError(IllegalArgumentException.class).verify(WAIT);
    StepVerifier.create(store.history(1001))
        .expectError(IllegalArgumentException.class)
        .verify(WAIT);
  }

  @Test
  void loadFailsWithTheViolationsOfAHandEditedDocument() {
    redis
        .opsForValue()
        .set(keys.runtimeConfig(), "{\"enrichment\":{\"batch_size\":0}}")
        .block(WAIT);

    StepVerifier.create(store.load())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(InvalidRuntimeConfigException.class)
                    .hasMessageContaining("enrichment.batch_size"))
        .verify(WAIT);
  }

  @Test
  void anUnreadableDocumentTakesTheNewestHistoryVersionSoVersionsNeverGoBack() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    store.replace(batchSize(600), 1, "admin").block(WAIT);
    redis.opsForValue().set(keys.runtimeConfig(), "not json").block(WAIT);

    StepVerifier.create(store.replace(batchSize(700), 0, "admin"))
        .expectErrorSatisfies(
            e -> assertThat(((ConfigVersionConflictException) e).currentVersion()).isEqualTo(2))
        .verify(WAIT);
    RuntimeConfig repaired = store.replace(batchSize(700), 2, "admin").block(WAIT);

    assertThat(repaired.version()).isEqualTo(3);
    assertThat(store.load().block(WAIT)).contains(repaired);
  }

  private static Mono<Object> outcomeOf(Mono<RuntimeConfig> replace) {
    return replace.cast(Object.class).onErrorResume(Mono::just);
  }

  private static RuntimeConfig batchSize(int batchSize) {
    return new RuntimeConfig(
        0, null, null, null, null, null, new EnrichmentConfig(batchSize, null, null), null, null);
  }
}
