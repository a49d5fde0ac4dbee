package dev.haingestor.ingestion.publish;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.buffer.EventBuffer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.core.ReactiveStreamOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Drains the {@link EventBuffer} into the Redis event stream, in the order the events were read.
 *
 * <p>One loop on its own thread: take what the buffer holds (up to the batch size), encode it,
 * issue one XADD per event without waiting in between — Lettuce writes them back to back on its
 * single connection (pipelining) and Redis executes them in that order — then wait for all replies
 * before the next batch. A failed batch is retried, from its first unconfirmed entry, with bounded
 * back-off for as long as it takes: meanwhile new events wait in the bounded buffer, which records
 * a gap if it overflows. A retry after a timeout can write an entry twice; downstream writes are
 * idempotent (DESIGN.md §2.5), losing it would not be.
 */
@Component
public class StreamPublisher implements SmartLifecycle {

  /** Stops after the HA client (nothing more to drain) and before Redis goes. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 200;

  static final Duration IDLE_WAIT = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);

  private final EventBuffer buffer;
  private final ReactiveStreamOperations<String, String, String> streams;
  private final String streamKey;
  private final EventCodec codec;
  private final PublishProperties properties;
  private final XAddOptions addOptions;
  private final Counter published;
  private final Clock clock;

  private volatile boolean running;
  private volatile Instant failingSince;
  private volatile List<StateChangedEvent> inFlight = List.of();
  private Disposable loop;
  private Scheduler scheduler;
  private Sinks.One<Void> loopDone;

  public StreamPublisher(
      EventBuffer buffer,
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      EventCodec codec,
      PublishProperties properties,
      MeterRegistry registry,
      Clock clock) {
    this.buffer = buffer;
    this.streams = redis.opsForStream();
    this.streamKey = keys.events();
    this.codec = codec;
    this.properties = properties;
    this.addOptions = XAddOptions.maxlen(properties.maxLength()).approximateTrimming(true);
    this.published =
        Counter.builder(MetricNames.INGESTION_EVENTS_PUBLISHED)
            .description("Events appended to the Redis event stream")
            .register(registry);
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    scheduler = Schedulers.newSingle("stream-publisher");
    Sinks.One<Void> done = Sinks.one();
    loopDone = done;
    loop =
        Mono.defer(this::publishNextBatch)
            // Every round resumes here, not on the reader's or Lettuce's thread.
            .publishOn(scheduler)
            .repeat(() -> running || !buffer.isEmpty())
            .subscribeOn(scheduler)
            .doFinally(signal -> done.tryEmitEmpty())
            .subscribe(
                null,
                e ->
                    log.error(
                        "Stream publisher stopped unexpectedly: events are not published", e));
    log.info(
        "Publishing events to Redis stream {} (MAXLEN ~ {}, batches of up to {})",
        streamKey,
        properties.maxLength(),
        properties.publishBatchSize());
  }

  private Mono<Void> publishNextBatch() {
    List<StateChangedEvent> batch = buffer.poll(properties.publishBatchSize());
    if (batch.isEmpty()) {
      return running ? buffer.awaitEvents(IDLE_WAIT) : Mono.empty();
    }
    inFlight = batch;
    return publish(batch)
        .doOnSuccess(v -> inFlight = List.of())
        .onErrorResume(
            e -> {
              // Only a bug gets here (publish retries every Redis failure); keep the loop alive.
              log.error(
                  "Could not publish {} events; recording them as a gap for backfill",
                  batch.size(),
                  e);
              buffer.recordLost(batch);
              inFlight = List.of();
              return Mono.empty();
            });
  }

  /** Completes when every event of the batch is in the stream; retries until then. */
  Mono<Void> publish(List<StateChangedEvent> batch) {
    PendingEntries pending = new PendingEntries(batch.stream().map(codec::encode).toList());
    return Mono.defer(() -> writeRemaining(pending))
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, properties.retryMinDelay())
                .maxBackoff(properties.retryMaxDelay())
                .jitter(0.5)
                .doBeforeRetry(signal -> failed(signal.failure(), pending.remaining().size())))
        .doOnSuccess(v -> recovered());
  }

  private Mono<Void> writeRemaining(PendingEntries pending) {
    List<Map<String, String>> entries = pending.remaining();
    // flatMapSequential subscribes to all XADDs at once, in order, so Lettuce dispatches them in
    // order without awaiting replies, and emits replies in order: the count is a confirmed prefix.
    AtomicInteger confirmed = new AtomicInteger();
    return Flux.range(0, entries.size())
        .flatMapSequential(
            i -> streams.add(streamKey, entries.get(i), addOptions), entries.size(), 1)
        .doOnNext(id -> confirmed.incrementAndGet())
        .then()
        .timeout(properties.writeTimeout())
        .doFinally(
            signal -> {
              int count = confirmed.get();
              pending.confirm(count);
              published.increment(count);
            });
  }

  private void failed(Throwable error, int waiting) {
    if (failingSince == null) {
      failingSince = clock.instant();
      log.warn(
          "Publishing to Redis stream {} failed ({}); retrying {} events with back-off up to {},"
              + " new events wait in the buffer (capacity {})",
          streamKey,
          NestedExceptionUtils.getMostSpecificCause(error).toString(),
          waiting,
          properties.retryMaxDelay(),
          buffer.capacity());
    }
  }

  private void recovered() {
    Instant since = failingSince;
    if (since != null) {
      failingSince = null;
      log.info(
          "Publishing to Redis stream {} works again after {}",
          streamKey,
          Duration.between(since, clock.instant()));
    }
  }

  @Override
  public void stop(Runnable callback) {
    Sinks.One<Void> done;
    synchronized (this) {
      if (!running) {
        callback.run();
        return;
      }
      running = false;
      done = loopDone;
    }
    buffer.wakeUp();
    done.asMono()
        .timeout(properties.shutdownDrainTimeout(), Mono.fromRunnable(this::abandonRemaining))
        .doFinally(
            signal -> {
              loop.dispose();
              scheduler.dispose();
              callback.run();
            })
        .subscribe();
  }

  @Override
  public void stop() {
    CountDownLatch stopped = new CountDownLatch(1);
    stop(stopped::countDown);
    try {
      stopped.await(properties.shutdownDrainTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void abandonRemaining() {
    List<StateChangedEvent> lost = new ArrayList<>(inFlight);
    lost.addAll(buffer.poll(Integer.MAX_VALUE));
    if (lost.isEmpty()) {
      return;
    }
    Instant from = lost.stream().map(StateChangedEvent::timeFired).min(Instant::compareTo).get();
    Instant to = lost.stream().map(StateChangedEvent::timeFired).max(Instant::compareTo).get();
    log.warn(
        "Stopping with {} events not published within {} (time_fired {} to {}); they have to be"
            + " recovered from HA's recorder",
        lost.size(),
        properties.shutdownDrainTimeout(),
        from,
        to);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** A batch's encoded entries and how many of them Redis has confirmed, in order. */
  private static final class PendingEntries {

    private final List<Map<String, String>> entries;
    private volatile int confirmed;

    PendingEntries(List<Map<String, String>> entries) {
      this.entries = entries;
    }

    List<Map<String, String>> remaining() {
      return entries.subList(confirmed, entries.size());
    }

    void confirm(int count) {
      confirmed += count;
    }
  }
}
