package dev.haingestor.ingestion.deadletter;

import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.core.ReactiveStreamOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * Counts refused input ({@value MetricNames#INGESTION_EVENTS_REJECTED}, tag {@code reason}) and
 * appends it to the dead-letter stream with its reason, so that it can be inspected and replayed.
 * {@link #reject} never blocks the caller (the WebSocket reader): entries wait in a bounded queue
 * and are written one by one, retried with back-off while Redis is away; when the queue is full
 * they are counted as dropped.
 */
@Component
public class DeadLetterPublisher implements SmartLifecycle {

  /** Dead letters that could not even be queued. */
  public static final String DEAD_LETTERS_DROPPED = MetricNames.INGESTION_DEAD_LETTERS_DROPPED;

  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private static final EnumSet<RejectionReason> INGESTION_REASONS =
      EnumSet.of(
          RejectionReason.INVALID_JSON,
          RejectionReason.MISSING_FIELD,
          RejectionReason.STATE_NOT_STRING,
          RejectionReason.INVALID_TIMESTAMP,
          RejectionReason.INVALID_ENTITY_ID);

  private final ReactiveStreamOperations<String, String, String> streams;
  private final String streamKey;
  private final XAddOptions addOptions;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<RejectionReason, Counter> rejected = new ConcurrentHashMap<>();
  private final Counter dropped;
  private final Sinks.Many<Map<String, String>> queue;
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile Disposable writer;

  public DeadLetterPublisher(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      DeadLetterProperties properties,
      MeterRegistry registry,
      Clock clock) {
    this.streams = redis.opsForStream();
    this.streamKey = keys.deadLetters();
    this.addOptions = XAddOptions.maxlen(properties.maxLength()).approximateTrimming(true);
    this.clock = clock;
    this.registry = registry;
    this.queue =
        Sinks.many()
            .unicast()
            .onBackpressureBuffer(
                Queues.<Map<String, String>>get(properties.queueCapacity()).get());
    // Registered up front so that the series exist at 0 for alert rules.
    INGESTION_REASONS.forEach(this::rejectedCounter);
    this.dropped =
        Counter.builder(DEAD_LETTERS_DROPPED)
            .description("Rejected inputs that could not be written to the dead-letter stream")
            .register(registry);
  }

  /** Counts the rejection and queues its dead-letter entry; never blocks. */
  public void reject(Rejection rejection) {
    rejectedCounter(rejection.reason()).increment();
    Map<String, String> entry = DeadLetterEntry.of(rejection, clock.instant());
    Sinks.EmitResult result;
    synchronized (
        queue) { // several producers (reader, later backfill) share a single-producer sink
      result = queue.tryEmitNext(entry);
    }
    if (result.isFailure()) {
      dropped.increment();
      if (overflowing.compareAndSet(false, true)) {
        log.warn(
            "Dead-letter queue full ({}): dropping dead letters until Redis accepts them again",
            result);
      }
    } else if (overflowing.get()) {
      overflowing.set(false);
    }
  }

  private Counter rejectedCounter(RejectionReason reason) {
    return rejected.computeIfAbsent(
        reason,
        r ->
            Counter.builder(MetricNames.INGESTION_EVENTS_REJECTED)
                .tag(MetricNames.REASON_TAG, r.wireName())
                .description("Inputs from HA refused as invalid; each goes to the dead letters")
                .register(registry));
  }

  private Mono<Void> write(Map<String, String> entry) {
    return Mono.defer(() -> streams.add(streamKey, entry, addOptions))
        .timeout(WRITE_TIMEOUT)
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(signal -> failed(signal.failure())))
        .doOnSuccess(id -> recovered())
        .then();
  }

  private void failed(Throwable error) {
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "Writing to dead-letter stream {} failed ({}); retrying with back-off",
          streamKey,
          NestedExceptionUtils.getMostSpecificCause(error).toString());
    }
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("Writing to dead-letter stream {} works again", streamKey);
    }
  }

  @Override
  public synchronized void start() {
    if (writer == null) {
      writer =
          queue
              .asFlux()
              // Off the reader's thread, one entry requested at a time: the queue stays the bound.
              .publishOn(Schedulers.parallel(), 1)
              .concatMap(this::write, 1)
              .subscribe(null, e -> log.error("Dead-letter writer stopped unexpectedly", e));
    }
  }

  @Override
  public synchronized void stop() {
    if (writer != null) {
      writer.dispose();
      writer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return writer != null;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 200;
  }
}
