package dev.haingestor.common.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.config.EnrichmentConfig;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

class RuntimeConfigWatcherIT extends RealRedisSupport {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The propagation promise of admin-api's issue. */
  private static final Duration PROPAGATION = Duration.ofSeconds(1);

  /** Long enough that only pub/sub can explain an emission within {@link #PROPAGATION}. */
  private static final Duration NO_POLL = Duration.ofMinutes(5);

  private final RuntimeConfigJson json = new RuntimeConfigJson();
  private final List<RuntimeConfig> seen = new CopyOnWriteArrayList<>();
  private RuntimeConfigStore store;
  private Disposable watching;

  @BeforeEach
  void createStore() {
    store = new RuntimeConfigStore(redis, keys);
  }

  @AfterEach
  void stopWatching() {
    if (watching != null) {
      watching.dispose();
    }
  }

  @Test
  void emitsTheStoredConfigurationAtSubscription() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);

    watch(NO_POLL);

    await().atMost(WAIT).untilAsserted(() -> assertThat(versions()).containsExactly(1L));
  }

  @Test
  void emitsTheFirstVersionStoredAfterSubscriptionWithinOneSecond() {
    watch(NO_POLL);
    awaitSubscribed();
    assertThat(seen).isEmpty();

    store.replace(batchSize(500), 0, "admin").block(WAIT);

    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(versions()).containsExactly(1L));
  }

  @Test
  void emitsEachNewVersionWithinOneSecondThroughPubSub() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    watch(NO_POLL);
    await().atMost(WAIT).until(() -> versions().contains(1L));
    awaitSubscribed();

    store.replace(batchSize(600), 1, "admin").block(WAIT);
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(versions()).containsExactly(1L, 2L));

    store.replace(batchSize(700), 2, "admin").block(WAIT);
    await()
        .atMost(PROPAGATION)
        .untilAsserted(() -> assertThat(versions()).containsExactly(1L, 2L, 3L));
    assertThat(seen.get(2).enrichment().batchSize()).isEqualTo(700);
  }

  @Test
  void pollingFindsAChangeWhoseNotificationWasLost() {
    watch(Duration.ofMillis(300));
    awaitSubscribed();
    RuntimeConfig written = batchSize(800).withMetadata(5, Instant.EPOCH, "by-hand");

    // SET without PUBLISH: as if the message was sent while the watcher was disconnected
    redis.opsForValue().set(keys.runtimeConfig(), json.write(written)).block(WAIT);

    await().atMost(WAIT).untilAsserted(() -> assertThat(seen).containsExactly(written));
  }

  @Test
  void neverEmitsAnOlderOrTheSameVersionAgain() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    store.replace(batchSize(600), 1, "admin").block(WAIT);
    watch(Duration.ofMillis(200));
    await().atMost(WAIT).until(() -> versions().contains(2L));

    // An older version written by hand and announced, then a different document as version 2 again
    redis
        .opsForValue()
        .set(keys.runtimeConfig(), json.write(batchSize(100).withMetadata(1, null, "x")))
        .block(WAIT);
    redis.convertAndSend(store.keys().changesChannel(), "1").block(WAIT);
    store.replace(batchSize(900), 1, "admin").block(WAIT);
    await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> versions().equals(List.of(2L)));

    store.replace(batchSize(950), 2, "admin").block(WAIT);

    await().atMost(WAIT).untilAsserted(() -> assertThat(versions()).containsExactly(2L, 3L));
    assertThat(seen.get(1).enrichment().batchSize()).isEqualTo(950);
  }

  @Test
  void skipsAnInvalidStoredDocumentAndKeepsFollowing() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    watch(Duration.ofMillis(200));
    await().atMost(WAIT).until(() -> versions().contains(1L));

    redis
        .opsForValue()
        .set(keys.runtimeConfig(), "{\"version\":2,\"enrichment\":{\"batch_size\":0}}")
        .block(WAIT);
    redis.convertAndSend(store.keys().changesChannel(), "2").block(WAIT);
    // Several polls read the invalid document; none of them emits.
    await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> versions().equals(List.of(1L)));

    store.replace(batchSize(700), 2, "admin").block(WAIT);

    await().atMost(WAIT).untilAsserted(() -> assertThat(versions()).containsExactly(1L, 3L));
  }

  @Test
  void resubscribesAfterItsPubSubConnectionIsKilled() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    watch(NO_POLL);
    await().atMost(WAIT).until(() -> versions().contains(1L));
    awaitSubscribed();

    command("CLIENT", "KILL", "TYPE", "pubsub");

    awaitSubscribed();
    store.replace(batchSize(600), 1, "admin").block(WAIT);
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(versions()).containsExactly(1L, 2L));
  }

  @Test
  void keepsFollowingAfterEveryConnectionIsKilled() {
    store.replace(batchSize(500), 0, "admin").block(WAIT);
    watch(Duration.ofMillis(500));
    await().atMost(WAIT).until(() -> versions().contains(1L));

    command("CLIENT", "KILL", "TYPE", "pubsub");
    command("CLIENT", "KILL", "TYPE", "normal");
    // Published while the watcher may be disconnected: the poll or the resubscription finds it.
    store
        .replace(batchSize(600), 1, "admin")
        .retryWhen(
            Retry.backoff(5, Duration.ofMillis(100))
                .filter(e -> !(e instanceof ConfigVersionConflictException)))
        .block(WAIT);

    await().atMost(WAIT).untilAsserted(() -> assertThat(versions()).containsExactly(1L, 2L));
  }

  private void watch(Duration pollInterval) {
    watching = new RuntimeConfigWatcher(store, pollInterval).watch().subscribe(seen::add);
  }

  /** Waits until the watcher's listener is subscribed to the changes channel. */
  private void awaitSubscribed() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat((List<?>) command("PUBSUB", "NUMSUB", store.keys().changesChannel()))
                    .element(1)
                    .isEqualTo(1L));
  }

  private List<Long> versions() {
    return seen.stream().map(RuntimeConfig::version).toList();
  }

  private static RuntimeConfig batchSize(int batchSize) {
    return new RuntimeConfig(
        0, null, null, null, null, null, new EnrichmentConfig(batchSize, null, null), null, null);
  }
}
