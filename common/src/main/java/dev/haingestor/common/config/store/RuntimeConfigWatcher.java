package dev.haingestor.common.config.store;

import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Follows the stored runtime configuration for a running service: {@link #watch()} emits the
 * current configuration at subscription (when one is stored), then every newer version.
 *
 * <p>Two triggers reload the document: a message on the changes channel (arrives within
 * milliseconds) and a poll every {@code pollInterval} (default {@value #DEFAULT_POLL_SECONDS} s),
 * because pub/sub messages published while the connection is down are lost. The pub/sub
 * subscription is re-established with a back-off of {@value #MIN_BACKOFF_MILLIS} ms up to {@value
 * #MAX_BACKOFF_SECONDS} s after any failure. Only increasing versions are emitted; a stored
 * document that is invalid is logged once and skipped, so the last good configuration stays in
 * force. Redis failures are logged once per outage. The flux never completes and never errors.
 */
public final class RuntimeConfigWatcher {

  static final int DEFAULT_POLL_SECONDS = 10;
  static final long MIN_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(RuntimeConfigWatcher.class);

  /** A trigger that carries no version: always reload. */
  private static final long RELOAD = Long.MAX_VALUE;

  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  private final RuntimeConfigStore store;
  private final Duration pollInterval;

  public RuntimeConfigWatcher(RuntimeConfigStore store) {
    this(store, Duration.ofSeconds(DEFAULT_POLL_SECONDS));
  }

  /**
   * @param pollInterval how often the document is read regardless of notifications; positive
   */
  public RuntimeConfigWatcher(RuntimeConfigStore store, Duration pollInterval) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    this.store = store;
    this.pollInterval = pollInterval;
  }

  /**
   * The current configuration, then each newer version. Each subscription has its own pub/sub
   * listener and poll: subscribe once per service and share the result. Emits on Redis or timer
   * threads: apply the configuration without blocking.
   */
  public Flux<RuntimeConfig> watch() {
    return Flux.defer(
        () -> {
          Subscription subscription = new Subscription();
          Flux<Long> triggers = Flux.merge(Flux.just(RELOAD), notifications(), polls());
          return triggers
              .onBackpressureLatest()
              .concatMap(subscription::reloadIfNewer, 1)
              .filter(subscription::isNewer)
              .doOnNext(subscription::emitted);
        });
  }

  private Flux<Long> polls() {
    return Flux.interval(pollInterval, pollInterval).map(tick -> RELOAD).onBackpressureDrop();
  }

  /**
   * Versions announced on the channel; a {@link #RELOAD} each time the subscription is (re)made.
   */
  private Flux<Long> notifications() {
    String channel = store.keys().changesChannel();
    AtomicBoolean failing = new AtomicBoolean();
    return Flux.usingWhen(
            Mono.fromSupplier(
                () ->
                    new ReactiveRedisMessageListenerContainer(
                        store.redis().getConnectionFactory())),
            container ->
                container
                    .receiveLater(ChannelTopic.of(channel))
                    .timeout(SUBSCRIBE_TIMEOUT)
                    .doOnNext(
                        messages -> {
                          if (failing.getAndSet(false)) {
                            log.info(
                                "Subscribed again to runtime configuration channel {}", channel);
                          }
                        })
                    .flatMapMany(
                        messages ->
                            messages
                                .map(message -> parseVersion(message.getMessage()))
                                .startWith(RELOAD)),
            ReactiveRedisMessageListenerContainer::destroyLater)
        .doOnError(
            e -> {
              if (!failing.getAndSet(true)) {
                log.warn(
                    "Runtime configuration channel {} failed ({}); resubscribing with back-off,"
                        + " polling every {} meanwhile",
                    channel,
                    e.toString(),
                    pollInterval);
              }
            })
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(MIN_BACKOFF_MILLIS))
                .maxBackoff(Duration.ofSeconds(MAX_BACKOFF_SECONDS))
                .transientErrors(true))
        .repeatWhen(completed -> completed.delayElements(Duration.ofSeconds(MAX_BACKOFF_SECONDS)));
  }

  private static long parseVersion(String message) {
    try {
      return Long.parseLong(message.trim());
    } catch (NumberFormatException e) {
      return RELOAD;
    }
  }

  /** The state of one subscriber: the last emitted version and what was already logged. */
  private final class Subscription {

    private final AtomicLong lastVersion = new AtomicLong(-1);
    private final AtomicReference<String> lastInvalid = new AtomicReference<>();
    private volatile boolean redisFailing;

    Mono<RuntimeConfig> reloadIfNewer(long announcedVersion) {
      if (announcedVersion != RELOAD && announcedVersion <= lastVersion.get()) {
        return Mono.empty();
      }
      return store
          .load()
          .doOnNext(loaded -> redisRecovered())
          .flatMap(Mono::justOrEmpty)
          .onErrorResume(InvalidRuntimeConfigException.class, this::invalidDocument)
          .onErrorResume(this::redisFailed);
    }

    boolean isNewer(RuntimeConfig config) {
      return config.version() > lastVersion.get();
    }

    void emitted(RuntimeConfig config) {
      lastVersion.set(config.version());
      lastInvalid.set(null);
      log.info(
          "Runtime configuration version {} (updated {} by {})",
          config.version(),
          config.updatedAt(),
          config.updatedBy());
    }

    private Mono<RuntimeConfig> invalidDocument(InvalidRuntimeConfigException e) {
      redisRecovered();
      if (!e.getMessage().equals(lastInvalid.getAndSet(e.getMessage()))) {
        log.warn(
            "Stored runtime configuration is invalid and ignored; version {} stays in force: {}",
            lastVersion.get(),
            e.getMessage());
      }
      return Mono.empty();
    }

    private Mono<RuntimeConfig> redisFailed(Throwable e) {
      if (!redisFailing) {
        redisFailing = true;
        log.warn(
            "Reading the runtime configuration failed ({}); version {} stays in force, retrying"
                + " at the next notification or poll",
            e.toString(),
            lastVersion.get());
      }
      return Mono.empty();
    }

    private void redisRecovered() {
      if (redisFailing) {
        redisFailing = false;
        log.info("Reading the runtime configuration works again");
      }
    }
  }
}
