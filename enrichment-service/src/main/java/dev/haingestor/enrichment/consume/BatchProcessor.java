package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.enrichment.deadletter.DeadLetter;
import dev.haingestor.enrichment.deadletter.DeadLetterPublisher;
import dev.haingestor.enrichment.point.HaPointMapper;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.LineProtocol;
import dev.haingestor.enrichment.point.TimestampPrecision;
import dev.haingestor.enrichment.sink.InfluxProperties;
import dev.haingestor.enrichment.sink.InfluxSink;
import dev.haingestor.enrichment.sink.RejectedWriteException;
import dev.haingestor.enrichment.sink.RetryableWriteException;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One batch, start to finish: decode each entry, map it to a point (or skip it as HA would), write
 * all points in one request, move what cannot be written to the dead-letter stream, and only then
 * acknowledge every entry of the batch. A batch that InfluxDB cannot take now is retried with
 * back-off and, if that round fails, left pending in Redis: the Mono fails and nothing is
 * acknowledged.
 */
@Component
class BatchProcessor {

  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

  private final EventCodec codec;
  private final HaPointMapper mapper;
  private final TimestampPrecision precision;
  private final InfluxSink sink;
  private final DeadLetterPublisher deadLetters;
  private final ConsumerGroupClient group;
  private final EnrichmentStatus status;
  private final ConsumerMetrics metrics;
  private final ConsumerProperties properties;
  private final Clock clock;
  private final AtomicBoolean writesFailing = new AtomicBoolean();

  BatchProcessor(
      EventCodec codec,
      HaPointMapper mapper,
      InfluxProperties influx,
      InfluxSink sink,
      DeadLetterPublisher deadLetters,
      ConsumerGroupClient group,
      EnrichmentStatus status,
      ConsumerMetrics metrics,
      ConsumerProperties properties,
      Clock clock) {
    this.codec = codec;
    this.mapper = mapper;
    this.precision = influx.precision();
    this.sink = sink;
    this.deadLetters = deadLetters;
    this.group = group;
    this.status = status;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Completes after the whole batch is acknowledged; fails, acknowledging nothing, when InfluxDB
   * stayed unavailable for the round of attempts or Redis failed.
   */
  Mono<Void> process(List<StreamEntry> entries) {
    metrics.consumed(entries.size());
    // Decoding and encoding are CPU work: keep them off the Redis client's event loop.
    return Mono.fromCallable(() -> prepare(entries))
        .subscribeOn(Schedulers.parallel())
        .flatMap(
            batch ->
                write(batch)
                    .flatMap(rejected -> deadLetters.publish(batch.deadLetters(rejected)))
                    .then(group.acknowledge(batch.ids())));
  }

  PreparedBatch prepare(List<StreamEntry> entries) {
    PreparedBatch batch = new PreparedBatch(entries.size());
    int trimmed = 0;
    for (StreamEntry entry : entries) {
      batch.ids.add(entry.id());
      if (entry.fields().isEmpty()) {
        trimmed++; // trimmed from the stream while pending: nothing left to write or replay
        continue;
      }
      StateChangedEvent event;
      InfluxPoint point;
      try {
        event = codec.decode(entry.fields());
      } catch (InvalidEventException e) {
        batch.invalid.add(new DeadLetter(entry.id(), entry.fields(), e.reason(), e.getMessage()));
        continue;
      } catch (RuntimeException e) {
        // Not a contract violation the codec knows: still never let one entry block the stream.
        batch.invalid.add(
            new DeadLetter(
                entry.id(), entry.fields(), RejectionReason.INVALID_JSON, "undecodable: " + e));
        continue;
      }
      try {
        point = mapper.toPoint(event);
      } catch (RuntimeException e) {
        batch.invalid.add(
            new DeadLetter(
                entry.id(),
                entry.fields(),
                RejectionReason.INVALID_JSON,
                "no point could be built: " + e));
        continue;
      }
      if (point != null) {
        LineProtocol.append(batch.lines, point, precision);
        batch.pointEntries.add(entry);
        batch.pointEvents.add(event);
      }
      // else: skipped as HA skips it (removal, unknown/unavailable); acknowledged with the batch
    }
    if (trimmed > 0) {
      log.warn(
          "{} pending entries were trimmed from the stream before they could be written; "
              + "acknowledging them (raise the stream retention if this repeats)",
          trimmed);
    }
    if (!batch.invalid.isEmpty()) {
      log.warn(
          "{} of {} entries could not be decoded and go to the dead-letter stream, e.g. {}: {}",
          batch.invalid.size(),
          entries.size(),
          batch.invalid.get(0).originalId(),
          batch.invalid.get(0).detail());
    }
    return batch;
  }

  /** Emits the entries InfluxDB rejected (none on success), or fails when it stayed unavailable. */
  private Mono<List<DeadLetter>> write(PreparedBatch batch) {
    if (batch.pointEvents.isEmpty()) {
      return Mono.just(List.of());
    }
    String body = batch.lines.toString();
    return Mono.defer(() -> timedWrite(body))
        .retryWhen(
            Retry.backoff(properties.writeAttempts() - 1L, properties.retryInitialBackoff())
                .maxBackoff(properties.retryMaxBackoff())
                .filter(RetryableWriteException.class::isInstance)
                .doBeforeRetry(signal -> writeFailed(signal.failure()))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .then(Mono.fromCallable(() -> written(batch)))
        .onErrorResume(RejectedWriteException.class, e -> Mono.just(rejected(batch, e)))
        .doOnError(RetryableWriteException.class, this::writeFailed);
  }

  private Mono<Void> timedWrite(String body) {
    long start = System.nanoTime();
    return sink.write(body)
        .doOnSuccess(v -> metrics.writeSucceeded(since(start)))
        .doOnError(
            e -> {
              if (e instanceof RejectedWriteException) {
                metrics.writeRejected(since(start));
              } else {
                metrics.writeRetryable(since(start));
              }
            });
  }

  private List<DeadLetter> written(PreparedBatch batch) {
    Instant now = clock.instant();
    metrics.written(batch.pointEvents, now);
    status.writeSucceeded(batch.newestTimeFired());
    if (writesFailing.compareAndSet(true, false)) {
      log.info("InfluxDB writes to {} work again", sink.target());
    }
    return List.of();
  }

  /**
   * InfluxDB refused the batch's data (e.g. a field type conflict). The skeleton dead-letters every
   * entry that contributed a point; InfluxDB 1.x has stored the valid lines of a partial write
   * anyway, and a replay rewrites them idempotently.
   *
   * <p>TODO(batch splitting on 400): split the batch, retry the halves and dead-letter only the
   * points InfluxDB rejects, instead of the whole batch.
   */
  private List<DeadLetter> rejected(PreparedBatch batch, RejectedWriteException e) {
    log.warn(
        "InfluxDB rejected a batch of {} points ({}); moving its entries to the dead-letter stream",
        batch.pointEvents.size(),
        e.getMessage());
    List<DeadLetter> rejected = new ArrayList<>(batch.pointEntries.size());
    for (StreamEntry entry : batch.pointEntries) {
      rejected.add(
          new DeadLetter(
              entry.id(), entry.fields(), RejectionReason.INFLUXDB_REJECTED, e.getMessage()));
    }
    return rejected;
  }

  private void writeFailed(Throwable failure) {
    status.writeFailing(failure.getMessage());
    if (writesFailing.compareAndSet(false, true)) {
      log.warn(
          "InfluxDB write to {} failed ({}); retrying with back-off, entries stay pending in Redis",
          sink.target(),
          failure.getMessage());
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** A decoded batch: what to write, what to dead-letter, what to acknowledge. */
  static final class PreparedBatch {
    final List<String> ids;
    final StringBuilder lines;
    final List<StreamEntry> pointEntries;
    final List<StateChangedEvent> pointEvents;
    final List<DeadLetter> invalid = new ArrayList<>();

    PreparedBatch(int size) {
      ids = new ArrayList<>(size);
      lines = new StringBuilder(size * 256);
      pointEntries = new ArrayList<>(size);
      pointEvents = new ArrayList<>(size);
    }

    List<String> ids() {
      return ids;
    }

    List<DeadLetter> deadLetters(List<DeadLetter> rejected) {
      if (rejected.isEmpty()) {
        return invalid;
      }
      List<DeadLetter> all = new ArrayList<>(invalid.size() + rejected.size());
      all.addAll(invalid);
      all.addAll(rejected);
      return all;
    }

    Instant newestTimeFired() {
      Instant newest = null;
      for (StateChangedEvent event : pointEvents) {
        if (newest == null || event.timeFired().isAfter(newest)) {
          newest = event.timeFired();
        }
      }
      return newest;
    }
  }
}
