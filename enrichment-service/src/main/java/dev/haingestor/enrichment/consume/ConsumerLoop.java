package dev.haingestor.enrichment.consume;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.sink.InfluxWriteException;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The consumer's main loop, one batch at a time:
 *
 * <ol>
 *   <li>ensure the consumer group exists;
 *   <li>re-read this consumer's own pending entries (XREADGROUP from id {@code 0}) until none are
 *       left — entries read but not acknowledged before a crash or a failed write;
 *   <li>then read new entries ({@code >}), blocking at most {@code BATCH_TIMEOUT_SECONDS}; whatever
 *       is there, up to {@code EVENT_BATCH_SIZE}, is processed at once.
 * </ol>
 *
 * Any failure (InfluxDB unavailable for a round of attempts, Redis down, a read that timed out)
 * pauses with a doubling back-off and returns to step 2, because entries of the failed step may now
 * be pending for this consumer. Nothing is acknowledged that InfluxDB has not accepted.
 *
 * <p>Later capabilities hook in here: a circuit breaker that pauses reading while InfluxDB is down,
 * and claiming entries idle in dead consumers' pending lists (XAUTOCLAIM).
 */
@Component
class ConsumerLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final String START_OF_PENDING = "0";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ConsumerGroupClient group;
  private final BatchProcessor processor;
  private final EnrichmentStatus status;
  private final ConsumerProperties properties;

  // Touched only by the loop, which runs one step at a time; volatile for the thread hand-offs.
  private volatile String pendingCursor = START_OF_PENDING; // null: reading new entries
  private volatile boolean groupReady;
  private volatile int consecutiveFailures;
  private volatile boolean redisFailing;

  private volatile boolean running;
  private volatile Disposable loop;
  private volatile Sinks.Empty<Void> stopRequested = Sinks.empty();
  private volatile Sinks.Empty<Void> stopped = Sinks.empty();

  ConsumerLoop(
      ConsumerGroupClient group,
      BatchProcessor processor,
      EnrichmentStatus status,
      ConsumerProperties properties) {
    this.group = group;
    this.processor = processor;
    this.status = status;
    this.properties = properties;
  }

  @Override
  public void start() {
    stopRequested = Sinks.empty();
    stopped = Sinks.empty();
    pendingCursor = START_OF_PENDING;
    running = true;
    log.info(
        "Consuming {} as {} in group {}, batches of up to {}, first re-reading own pending entries",
        group.streamKey(),
        group.consumerName(),
        RedisKeys.ENRICHMENT_GROUP,
        properties.batchSize());
    Sinks.Empty<Void> done = stopped;
    loop =
        Mono.defer(this::step)
            .takeUntilOther(stopRequested.asMono())
            .repeat(() -> running)
            .subscribe(
                null,
                error -> {
                  log.error("Consumer loop ended unexpectedly; no more entries are read", error);
                  done.tryEmitEmpty();
                },
                done::tryEmitEmpty);
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    // Cancels a back-off pause or an in-flight batch; its entries stay pending and are re-read
    // (and rewritten, idempotently) at the next start.
    stopRequested.tryEmitEmpty();
    stopped
        .asMono()
        .timeout(STOP_TIMEOUT)
        .doFinally(
            signal -> {
              Disposable current = loop;
              if (current != null) {
                current.dispose();
              }
              group.close();
              log.info(
                  "Stopped consuming {}; unacknowledged entries stay pending for {}",
                  group.streamKey(),
                  group.consumerName());
              callback.run();
            })
        .subscribe(null, error -> log.warn("Consumer loop did not stop within {}", STOP_TIMEOUT));
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private Mono<Void> step() {
    return ensureGroup()
        .then(Mono.defer(this::readBatch))
        .flatMap(this::handle)
        .then(Mono.fromRunnable(this::stepSucceeded))
        .onErrorResume(this::stepFailed)
        .then();
  }

  private Mono<Void> ensureGroup() {
    if (groupReady) {
      return Mono.empty();
    }
    return group.ensureGroup().doOnSuccess(v -> groupReady = true);
  }

  private Mono<List<StreamEntry>> readBatch() {
    String cursor = pendingCursor;
    return cursor == null ? group.readNew() : group.readPending(cursor);
  }

  private Mono<Void> handle(List<StreamEntry> entries) {
    String cursor = pendingCursor;
    if (entries.isEmpty()) {
      if (cursor != null) {
        log.debug("No pending entries left for {}; reading new entries", group.consumerName());
        pendingCursor = null;
      }
      return Mono.empty();
    }
    String lastId = entries.get(entries.size() - 1).id();
    return processor
        .process(entries)
        .doOnSuccess(
            v -> {
              if (cursor != null) {
                pendingCursor = lastId; // every entry up to here is acknowledged
              }
            });
  }

  private void stepSucceeded() {
    consecutiveFailures = 0;
    status.readSucceeded();
    if (redisFailing) {
      redisFailing = false;
      log.info("Reading {} works again", group.streamKey());
    }
  }

  private Mono<Void> stepFailed(Throwable error) {
    pendingCursor = START_OF_PENDING;
    consecutiveFailures++;
    Duration pause = properties.backoff(consecutiveFailures);
    if (error instanceof InfluxWriteException) {
      // Logged and reported by the processor; the batch stays pending.
      log.debug("Batch not written; re-reading pending entries in {}", pause);
    } else if (RedisErrors.isNoGroup(error)) {
      groupReady = false;
      log.warn(
          "Consumer group {} on {} is missing (stream deleted, or Redis restarted without its "
              + "data); re-creating it from the start of the stream",
          RedisKeys.ENRICHMENT_GROUP,
          group.streamKey());
    } else {
      String reason = RedisErrors.describe(error);
      status.readFailing(reason);
      if (!redisFailing) {
        redisFailing = true;
        log.warn(
            "Consuming {} failed ({}); retrying with back-off up to {}, unacknowledged entries "
                + "stay pending",
            group.streamKey(),
            reason,
            properties.retryMaxBackoff());
      } else {
        log.debug("Consuming {} still failing: {}", group.streamKey(), reason);
      }
    }
    return Mono.delay(pause).then();
  }
}
