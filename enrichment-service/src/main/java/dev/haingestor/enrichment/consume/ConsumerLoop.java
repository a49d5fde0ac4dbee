package dev.haingestor.enrichment.consume;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.runtime.Batching;
import dev.haingestor.enrichment.runtime.RuntimeSettings;
import dev.haingestor.enrichment.sink.InfluxWriteException;
import dev.haingestor.enrichment.sink.WritesPausedException;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One consumer's main loop (a lane of {@link ConsumerLanes}), one batch at a time, supervised:
 * every failure is followed by a back-off and another step, never by the end of the subscription
 * (which is what Spring Data Redis's stream listeners do on the first error).
 *
 * <ol>
 *   <li>ensure the consumer group exists (again after Redis lost it);
 *   <li>re-read this consumer's own pending entries (XREADGROUP from id {@code 0}) until none are
 *       left — entries read but not acknowledged before a crash;
 *   <li>claim entries idle longer than {@code claimMinIdle} in any consumer's pending list
 *       (XAUTOCLAIM), at start and then every {@code claimInterval}: the work of a crashed or
 *       stopped instance;
 *   <li>read new entries ({@code >}): whatever is there, up to the batch size, at once; when a
 *       minimum batch size is configured, wait up to the batch timeout for more.
 * </ol>
 *
 * A batch that fails at some step is <b>kept</b> and resumed at that step after a back-off; while a
 * batch is kept, or InfluxDB's circuit breaker is open, nothing new is read: entries wait in Redis.
 * Keeping it (rather than re-reading it) means an outage does not count as deliveries. On shutdown
 * the batch in flight is finished and acknowledged, then the loop stops.
 */
class ConsumerLoop {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final String START_OF_PENDING = "0";

  /** Within Spring's default 30 s per shutdown phase. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private enum Phase {
    OWN_PENDING,
    CLAIM,
    NEW
  }

  private final ConsumerGroupClient group;
  private final BatchProcessor processor;
  private final RuntimeSettings settings;
  private final EnrichmentStatus status;
  private final ConsumerProperties properties;
  private final boolean prefetches;

  // Touched only by the loop, which runs one step at a time; volatile for the thread hand-offs.
  private volatile Phase phase = Phase.OWN_PENDING;
  private volatile String cursor = START_OF_PENDING;
  private volatile long nextClaimAt;
  private volatile InFlightBatch held;
  private volatile Mono<InFlightBatch> prefetched;
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
      RuntimeSettings settings,
      EnrichmentStatus status,
      ConsumerProperties properties,
      boolean prefetches) {
    this.group = group;
    this.processor = processor;
    this.settings = settings;
    this.status = status;
    this.properties = properties;
    this.prefetches = prefetches;
  }

  void start() {
    stopRequested = Sinks.empty();
    stopped = Sinks.empty();
    phase = Phase.OWN_PENDING;
    cursor = START_OF_PENDING;
    held = null;
    prefetched = null;
    running = true;
    log.info(
        "Consuming {} as {} in group {}, batches of up to {}, first re-reading own pending "
            + "entries, claiming entries idle for {}",
        group.streamKey(),
        group.consumerName(),
        RedisKeys.ENRICHMENT_GROUP,
        settings.current().batching().batchSize(),
        properties.claimMinIdle());
    Sinks.Empty<Void> done = stopped;
    loop =
        Mono.defer(this::step)
            .repeat(() -> running || prefetched != null)
            .subscribe(
                null,
                error -> {
                  log.error("Consumer loop ended unexpectedly; no more entries are read", error);
                  done.tryEmitEmpty();
                },
                done::tryEmitEmpty);
  }

  /**
   * Lets the batch in flight finish (written and acknowledged), cancels a read or a back-off pause,
   * and stops; a batch kept after a failure stays pending in Redis for the next start.
   */
  void stop(Runnable callback) {
    running = false;
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
              InFlightBatch kept = held;
              log.info(
                  "Stopped consuming {}; {} for {}",
                  group.streamKey(),
                  kept == null
                      ? "no batch in flight, unacknowledged entries stay pending"
                      : kept.size() + " entries of an unfinished batch stay pending",
                  group.consumerName());
              callback.run();
            })
        .subscribe(null, error -> log.warn("Consumer loop did not stop within {}", STOP_TIMEOUT));
  }

  boolean isRunning() {
    return running;
  }

  private Mono<Void> step() {
    // The group first, also for a kept batch: its acknowledgement needs the group too.
    return ensureGroup()
        .then(Mono.defer(() -> held != null ? Mono.just(held) : readBatch()))
        .flatMap(this::process)
        .then(Mono.fromRunnable(this::stepSucceeded))
        .onErrorResume(this::stepFailed)
        .then();
  }

  /**
   * The batch is processed to the end even when a stop is requested meanwhile. A loop that {@code
   * prefetches} (the only lane of its instance) reads and prepares the next batch of new entries
   * once this one is prepared, while this one is written and acknowledged: at most two batches are
   * in flight, and the second only in the steady state (reading new entries, writes flowing). With
   * several lanes the others read meanwhile, and a prefetch would only hold entries back from them.
   */
  private Mono<Void> process(InFlightBatch batch) {
    held = batch;
    return processor
        .prepared(batch, group)
        .doOnSuccess(v -> prefetchNextIfSteady(batch))
        .then(Mono.defer(() -> processor.process(batch, group)))
        .doOnSuccess(
            v -> {
              held = null;
              batchDone(batch);
            });
  }

  private void prefetchNextIfSteady(InFlightBatch batch) {
    if (!prefetches
        || !running
        || prefetched != null
        || batch.origin != InFlightBatch.Origin.NEW
        || phase != Phase.NEW
        || System.nanoTime() - nextClaimAt >= 0
        || processor.writesPaused()) {
      return;
    }
    Mono<InFlightBatch> next =
        readNew(settings.current().batching())
            .flatMap(read -> processor.prepared(read, group).thenReturn(read))
            .cache();
    prefetched = next;
    // Started now; its outcome (a batch, nothing, or an error) is taken by the next step.
    next.subscribe(null, error -> {});
  }

  private Mono<Void> ensureGroup() {
    if (groupReady) {
      return Mono.empty();
    }
    return group.ensureGroup().doOnSuccess(v -> groupReady = true);
  }

  /** The next batch by phase, or empty when there is none (or reading is paused / stopping). */
  private Mono<InFlightBatch> readBatch() {
    Mono<InFlightBatch> next = prefetched;
    if (next != null && (!running || !processor.writesPaused())) {
      // Read while the previous batch was written; on shutdown it is finished too.
      prefetched = null;
      return next;
    }
    if (processor.writesPaused()) {
      // InfluxDB's breaker is open: read nothing, entries wait in Redis.
      return pause(properties.breakerOpenDuration().dividedBy(4)).then(Mono.empty());
    }
    Batching batching = settings.current().batching();
    if (phase == Phase.NEW && System.nanoTime() - nextClaimAt >= 0) {
      phase = Phase.CLAIM;
      cursor = ConsumerGroupClient.START_OF_CLAIMS;
    }
    return switch (phase) {
      case OWN_PENDING -> readOwnPending(batching);
      case CLAIM -> claim(batching);
      case NEW -> readNew(batching);
    };
  }

  private Mono<InFlightBatch> readOwnPending(Batching batching) {
    return group
        .readPending(cursor, batching.batchSize())
        .flatMap(
            entries -> {
              if (entries.isEmpty()) {
                log.debug("No pending entries left for {}", group.consumerName());
                startClaiming();
                return Mono.empty();
              }
              return Mono.just(
                  new InFlightBatch(InFlightBatch.Origin.OWN_PENDING, entries, settings.current()));
            })
        .takeUntilOther(stopRequested.asMono());
  }

  private void startClaiming() {
    phase = Phase.CLAIM;
    cursor = ConsumerGroupClient.START_OF_CLAIMS;
  }

  private Mono<InFlightBatch> claim(Batching batching) {
    return group
        .claimIdle(cursor, properties.claimMinIdle(), batching.batchSize())
        .flatMap(
            claim -> {
              if (claim.scanDone()) {
                phase = Phase.NEW;
                nextClaimAt = System.nanoTime() + properties.claimInterval().toNanos();
              } else {
                cursor = claim.next();
              }
              if (claim.entries().isEmpty()) {
                return Mono.empty();
              }
              log.info(
                  "Claimed {} entries idle for more than {} from other consumers",
                  claim.entries().size(),
                  properties.claimMinIdle());
              return Mono.just(
                  new InFlightBatch(
                      InFlightBatch.Origin.CLAIMED, claim.entries(), settings.current()));
            })
        .takeUntilOther(stopRequested.asMono());
  }

  private Mono<InFlightBatch> readNew(Batching batching) {
    return group
        .readNew(batching.batchSize(), properties.blockTimeout())
        .flatMap(
            entries -> {
              if (entries.isEmpty()) {
                return Mono.empty();
              }
              if (entries.size() >= batching.minBatchSize() || !batching.waitsForMore()) {
                return Mono.just(entries);
              }
              long deadline = System.nanoTime() + batching.batchTimeout().toNanos();
              return fill(new ArrayList<>(entries), batching, deadline);
            })
        .takeUntilOther(stopRequested.asMono())
        .map(
            // The settings in force when the entries arrived, not when the (blocking) read began.
            entries -> new InFlightBatch(InFlightBatch.Origin.NEW, entries, settings.current()));
  }

  /**
   * Reads more until the minimum batch size or the deadline. Entries read here are pending for this
   * consumer; if a stop cancels the wait, they are re-read at the next start.
   */
  private Mono<List<StreamEntry>> fill(
      List<StreamEntry> entries, Batching batching, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (entries.size() >= batching.minBatchSize() || remaining < 1_000_000) {
      return Mono.just(entries);
    }
    Duration block =
        Duration.ofNanos(Math.min(remaining, properties.blockTimeout().toNanos()))
            .truncatedTo(ChronoUnit.MILLIS);
    return group
        .readNew(batching.batchSize() - entries.size(), block)
        .flatMap(
            more -> {
              entries.addAll(more);
              return fill(entries, batching, deadline);
            });
  }

  private void batchDone(InFlightBatch batch) {
    if (batch.origin == InFlightBatch.Origin.OWN_PENDING) {
      cursor = batch.lastId(); // every entry up to here is acknowledged
    }
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
    consecutiveFailures++;
    Duration pause = properties.backoff(consecutiveFailures);
    if (error instanceof InfluxWriteException || error instanceof WritesPausedException) {
      // Logged and reported by the processor; the batch is kept and retried.
      if (error instanceof WritesPausedException) {
        pause = min(pause, properties.breakerOpenDuration().dividedBy(4));
      }
      log.debug("Batch not written; trying again in {}", pause);
    } else if (RedisErrors.isNoGroup(error)) {
      groupReady = false;
      rereadOwnPending();
      log.warn(
          "Consumer group {} on {} is missing (stream deleted, or Redis restarted without its "
              + "data); re-creating it from the start of the stream",
          RedisKeys.ENRICHMENT_GROUP,
          group.streamKey());
    } else {
      if (held == null) {
        // A read failed: its entries may have been delivered to us all the same.
        rereadOwnPending();
      }
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
    return pause(pause);
  }

  private void rereadOwnPending() {
    phase = Phase.OWN_PENDING;
    cursor = START_OF_PENDING;
  }

  /** A back-off that a stop request ends at once. */
  private Mono<Void> pause(Duration pause) {
    return Mono.delay(pause).takeUntilOther(stopRequested.asMono()).then();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
