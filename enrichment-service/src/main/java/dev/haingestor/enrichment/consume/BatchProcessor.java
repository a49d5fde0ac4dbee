package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.enrichment.deadletter.DeadLetter;
import dev.haingestor.enrichment.deadletter.DeadLetterPublisher;
import dev.haingestor.enrichment.point.HaPointMapper;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.LineBatch;
import dev.haingestor.enrichment.runtime.EnrichmentSettings;
import dev.haingestor.enrichment.sink.InfluxWriter;
import dev.haingestor.enrichment.sink.Rejection;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import dev.haingestor.enrichment.weather.WeatherContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One batch, start to finish, in steps that each run once even when the batch is resumed after a
 * failure:
 *
 * <ol>
 *   <li><b>prepare</b>: entries delivered more than {@code maxDeliveries} times become dead letters
 *       ({@code too_many_deliveries}); the rest are decoded and mapped to HA-schema points (with
 *       weather context), or skipped as HA would skip them, or dropped by the filter;
 *   <li><b>write</b> the lines through the {@link InfluxWriter} (retry, circuit breaker, batch
 *       splitting on 400); refused lines become dead letters with InfluxDB's error text;
 *   <li><b>dead-letter</b> what cannot be written;
 *   <li><b>record</b> the entity index and the per-minute stage counters: gathered in memory and
 *       written every second by the {@link BatchRecorder} (best effort: derived data never holds up
 *       the pipeline);
 *   <li><b>acknowledge</b> every entry of the batch.
 * </ol>
 *
 * A step that fails leaves the batch with the loop, which resumes it at that step; nothing is
 * acknowledged before InfluxDB accepted it or it is safely in the dead-letter stream.
 */
@Component
class BatchProcessor {

  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);
  private static final String UNKNOWN_ENTITY = "unknown";

  private final EventCodec codec;
  private final InfluxWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final BatchRecorder recorder;
  private final WeatherContext weather;
  private final EnrichmentStatus status;
  private final ConsumerMetrics metrics;
  private final ConsumerProperties properties;
  private final Clock clock;
  private final AtomicBoolean writesFailing = new AtomicBoolean();

  BatchProcessor(
      EventCodec codec,
      InfluxWriter writer,
      DeadLetterPublisher deadLetters,
      BatchRecorder recorder,
      WeatherContext weather,
      EnrichmentStatus status,
      ConsumerMetrics metrics,
      ConsumerProperties properties,
      Clock clock) {
    this.codec = codec;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.recorder = recorder;
    this.weather = weather;
    this.status = status;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
    writer.onFailedAttempt(this::writeFailed);
  }

  /**
   * Completes after the whole batch is acknowledged (as {@code group}'s consumer, which read it);
   * fails, with the batch's progress kept in it, when InfluxDB or Redis failed at some step.
   */
  Mono<Void> process(InFlightBatch batch, ConsumerGroupClient group) {
    return prepared(batch, group).then(Mono.defer(() -> finish(batch, group)));
  }

  /** Step 1 alone, so that the loop can prepare the next batch while this one is written. */
  Mono<Void> prepared(InFlightBatch batch, ConsumerGroupClient group) {
    return Mono.defer(() -> batch.prepared != null ? Mono.<Void>empty() : prepare(batch, group));
  }

  /**
   * Steps 2–5. The entity index and counters are derived data: they are handed over in memory and
   * written later, never in the batch's path.
   */
  private Mono<Void> finish(InFlightBatch batch, ConsumerGroupClient group) {
    return Mono.defer(() -> batch.written ? Mono.<Void>empty() : write(batch))
        .then(
            Mono.defer(
                () -> batch.deadLettersPublished ? Mono.<Void>empty() : deadLetter(batch, group)))
        .then(
            Mono.defer(
                () -> {
                  if (!batch.recorded) {
                    record(batch);
                  }
                  return acknowledge(batch, group);
                }));
  }

  /** True while InfluxDB's circuit breaker is open: the loop reads nothing new then. */
  boolean writesPaused() {
    return writer.isPaused();
  }

  private Mono<Void> prepare(InFlightBatch batch, ConsumerGroupClient group) {
    metrics.read(batch);
    Mono<Map<String, Long>> counts =
        batch.redelivered()
            ? group.deliveryCounts(batch.firstId(), batch.lastId(), batch.size())
            : Mono.just(Map.of());
    // Decoding and encoding are CPU work: keep them off the Redis client's event loop.
    return counts
        .publishOn(Schedulers.parallel())
        .map(deliveries -> prepare(batch.entries(), deliveries, batch.settings))
        .doOnNext(batch::prepared)
        .then();
  }

  PreparedBatch prepare(
      List<StreamEntry> entries, Map<String, Long> deliveries, EnrichmentSettings settings) {
    HaPointMapper schema = settings.schema();
    PreparedBatch batch =
        new PreparedBatch(new LineBatch(schema.precision(), entries.size()), entries.size());
    int trimmed = 0;
    int overDelivered = 0;
    int invalid = 0;
    for (StreamEntry entry : entries) {
      if (entry.fields().isEmpty()) {
        trimmed++; // trimmed from the stream while pending: nothing left to write or replay
        continue;
      }
      long deliveryCount = deliveries.getOrDefault(entry.id(), 1L);
      if (deliveryCount > properties.maxDeliveries()) {
        overDelivered++;
        batch.deadLetters.add(
            new DeadLetter(
                entry.id(),
                entry.fields(),
                RejectionReason.TOO_MANY_DELIVERIES,
                "delivered "
                    + deliveryCount
                    + " times (limit "
                    + properties.maxDeliveries()
                    + ") without being acknowledged"));
        continue;
      }
      StateChangedEvent event;
      try {
        event = codec.decode(entry.fields());
      } catch (InvalidEventException e) {
        invalid++;
        batch.deadLetters.add(
            new DeadLetter(entry.id(), entry.fields(), e.reason(), e.getMessage()));
        continue;
      } catch (RuntimeException e) {
        // Not a contract violation the codec knows: still never let one entry block the stream.
        invalid++;
        batch.deadLetters.add(
            new DeadLetter(
                entry.id(), entry.fields(), RejectionReason.INVALID_JSON, "undecodable: " + e));
        continue;
      }
      if (!schema.accepts(event.entityId())) {
        batch.filteredEntityIds.add(event.entityId());
        continue;
      }
      if (event.newState() != null) {
        batch.observe(event.newState());
      }
      InfluxPoint point;
      try {
        point = schema.toPoint(event);
        if (point != null) {
          point = withWeather(point, event.newState(), settings);
          batch.lines.add(point);
        }
      } catch (InvalidEventException e) {
        invalid++;
        batch.deadLetters.add(
            new DeadLetter(entry.id(), entry.fields(), e.reason(), e.getMessage()));
        continue;
      } catch (RuntimeException e) {
        invalid++;
        batch.deadLetters.add(
            new DeadLetter(
                entry.id(),
                entry.fields(),
                RejectionReason.INVALID_JSON,
                "no point could be built: " + e));
        continue;
      }
      if (point != null) {
        batch.lineIds.add(entry.id());
        batch.lineEvents.add(PreparedBatch.EventOrigin.of(event));
        batch.lineMeasurements.add(point.measurement());
      }
      // else: skipped as HA skips it (removal, unknown/unavailable); acknowledged with the batch
      InfluxPoint weatherPoint =
          event.newState() == null
              ? null
              : weather.observeEntity(settings.weather(), event.newState());
      if (weatherPoint != null) {
        batch.lines.add(weatherPoint);
        batch.lineIds.add(null);
        batch.lineEvents.add(null);
        batch.lineMeasurements.add(weatherPoint.measurement());
      }
    }
    if (trimmed > 0) {
      log.warn(
          "{} pending entries were trimmed from the stream before they could be written; "
              + "acknowledging them (raise the stream retention if this repeats)",
          trimmed);
    }
    if (overDelivered > 0) {
      log.warn(
          "{} entries were delivered more than {} times and go to the dead-letter stream",
          overDelivered,
          properties.maxDeliveries());
    }
    if (invalid > 0) {
      DeadLetter first =
          batch.deadLetters.stream()
              .filter(d -> d.reason() != RejectionReason.TOO_MANY_DELIVERIES)
              .findFirst()
              .orElse(batch.deadLetters.get(0));
      log.warn(
          "{} of {} entries could not be decoded and go to the dead-letter stream, e.g. {}: {}",
          invalid,
          entries.size(),
          first.originalId(),
          first.detail());
    }
    return batch;
  }

  /** Adds the weather context, with HA's collision rule (an existing name gets {@code _}). */
  private InfluxPoint withWeather(InfluxPoint point, HaState state, EnrichmentSettings settings) {
    Map<String, Object> context =
        weather.fieldsFor(settings.weather(), state.attributes().get("device_class"), point.time());
    if (context.isEmpty()) {
      return point;
    }
    Map<String, Object> fields = new LinkedHashMap<>(point.fields());
    context.forEach((key, value) -> fields.put(fields.containsKey(key) ? key + "_" : key, value));
    return new InfluxPoint(point.measurement(), point.tags(), fields, point.time());
  }

  private Mono<Void> write(InFlightBatch batch) {
    PreparedBatch prepared = batch.prepared;
    return writer.write(prepared.lines).doOnNext(rejections -> written(batch, rejections)).then();
  }

  private void written(InFlightBatch batch, List<Rejection> rejections) {
    PreparedBatch prepared = batch.prepared;
    boolean[] refused = new boolean[prepared.lines.size()];
    for (Rejection rejection : rejections) {
      refused[rejection.line()] = true;
      String id = prepared.lineIds.get(rejection.line());
      if (id != null) {
        prepared.refused.add(
            new PreparedBatch.RefusedLine(
                id, prepared.lineEvents.get(rejection.line()).entityId(), rejection.error()));
      } else {
        log.warn("InfluxDB refused a weather point: {}", rejection.error());
      }
    }
    for (int i = 0; i < refused.length; i++) {
      if (!refused[i] && prepared.lineEvents.get(i) != null) {
        prepared.writtenEvents.add(prepared.lineEvents.get(i));
        prepared.writtenMeasurements.add(prepared.lineMeasurements.get(i));
      }
    }
    if (!rejections.isEmpty()) {
      log.warn(
          "InfluxDB refused {} of {} points (e.g. {}); they go to the dead-letter stream, the "
              + "others are written",
          rejections.size(),
          prepared.lines.size(),
          rejections.get(0).error());
    }
    batch.written = true;
    metrics.written(prepared.writtenEvents, prepared.writtenMeasurements, clock.instant());
    status.writeSucceeded(prepared.newestWrittenTimeFired());
    if (writesFailing.compareAndSet(true, false)) {
      log.info("InfluxDB writes to {} work again", writer.target());
    }
  }

  private void writeFailed(Throwable failure) {
    status.writeFailing(failure.getMessage());
    if (writesFailing.compareAndSet(false, true)) {
      log.warn(
          "InfluxDB write to {} failed ({}); the batch is kept and retried, entries stay pending "
              + "in Redis and nothing new is read meanwhile",
          writer.target(),
          failure.getMessage());
    }
  }

  private Mono<Void> deadLetter(InFlightBatch batch, ConsumerGroupClient group) {
    PreparedBatch prepared = batch.prepared;
    return refusedEntriesRead(prepared, group)
        .then(Mono.defer(() -> deadLetters.publish(prepared.deadLetters)))
        .doOnSuccess(v -> batch.deadLettersPublished = true);
  }

  /**
   * Reads the entries behind refused lines again (the batch let go of their fields when it was
   * prepared), so that their dead letters carry the entries as read and can be replayed. An entry
   * trimmed from the stream meanwhile is dead-lettered with its entity id only.
   */
  private Mono<Void> refusedEntriesRead(PreparedBatch prepared, ConsumerGroupClient group) {
    if (prepared.refused.isEmpty()) {
      return Mono.empty();
    }
    List<String> ids = prepared.refused.stream().map(PreparedBatch.RefusedLine::id).toList();
    return group
        .fields(ids)
        .doOnNext(
            entries -> {
              for (PreparedBatch.RefusedLine line : prepared.refused) {
                Map<String, String> fields = entries.get(line.id());
                prepared.deadLetters.add(
                    fields == null
                        ? new DeadLetter(
                            line.id(),
                            Map.of(StreamFields.ENTITY_ID, line.entityId()),
                            RejectionReason.INFLUXDB_REJECTED,
                            line.error() + " (the entry was trimmed from the stream meanwhile)")
                        : new DeadLetter(
                            line.id(), fields, RejectionReason.INFLUXDB_REJECTED, line.error()));
              }
              prepared.refused.clear();
            })
        .then();
  }

  /** Entity index and stage counters, handed to the {@link BatchRecorder}; never fails. */
  private void record(InFlightBatch batch) {
    PreparedBatch prepared = batch.prepared;
    List<String> deadLettered = new ArrayList<>(prepared.deadLetters.size());
    for (DeadLetter deadLetter : prepared.deadLetters) {
      deadLettered.add(deadLetter.entry().getOrDefault(StreamFields.ENTITY_ID, UNKNOWN_ENTITY));
    }
    List<String> written = new ArrayList<>(prepared.writtenEvents.size());
    for (PreparedBatch.EventOrigin event : prepared.writtenEvents) {
      written.add(event.entityId());
    }
    recorder.count(PipelineStage.WRITTEN, written);
    recorder.count(PipelineStage.DEAD_LETTERED, deadLettered);
    recorder.count(PipelineStage.FILTERED, prepared.filteredEntityIds);
    recorder.observe(prepared.newestStates.values());
    batch.recorded = true;
  }

  private Mono<Void> acknowledge(InFlightBatch batch, ConsumerGroupClient group) {
    return group
        .acknowledge(batch.ids())
        .doOnSuccess(
            v -> metrics.acknowledged(batch.size(), batch.prepared.filteredEntityIds.size()));
  }
}
