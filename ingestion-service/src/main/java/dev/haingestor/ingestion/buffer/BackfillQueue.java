package dev.haingestor.ingestion.buffer;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The second lane into the publisher, for events that do not come live off the socket (backfill,
 * snapshot, re-publish). Unlike the {@link EventBuffer} its producers can wait: {@link #submit}
 * waits for room instead of dropping, and completes only once the publisher confirmed the batch in
 * the stream. The publisher takes live events first, so recovering old events never delays live
 * ones. Bounded by {@link #CAPACITY} events.
 */
@Component
public class BackfillQueue {

  /** Events waiting at most; a few publisher batches, enough to keep it busy. */
  static final int CAPACITY = 5_000;

  private static final Duration ROOM_POLL = Duration.ofMillis(20);

  private final EventBuffer live;
  private final Queue<OutgoingBatch> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  public BackfillQueue(EventBuffer live, MeterRegistry registry) {
    this.live = live;
    Gauge.builder(MetricNames.INGESTION_BACKFILL_QUEUE_DEPTH, size, AtomicInteger::get)
        .description("Backfilled, snapshot and re-published events waiting for the publisher")
        .register(registry);
  }

  /** Queues a batch once there is room and completes when all its events are in the stream. */
  public Mono<Void> submit(List<StateChangedEvent> events) {
    return submit(events, List.of());
  }

  /**
   * Like {@link #submit(List)}, with stream entry fields added per event (e.g. a marker).
   *
   * @param extraFields empty, or one map per event
   */
  public Mono<Void> submit(List<StateChangedEvent> events, List<Map<String, String>> extraFields) {
    if (!extraFields.isEmpty() && extraFields.size() != events.size()) {
      return Mono.error(new IllegalArgumentException("one map of extra fields per event"));
    }
    if (events.isEmpty()) {
      return Mono.empty();
    }
    if (events.size() > CAPACITY) {
      return Mono.error(
          new IllegalArgumentException("batch of " + events.size() + " > capacity " + CAPACITY));
    }
    OutgoingBatch batch = new OutgoingBatch(List.copyOf(events), List.copyOf(extraFields));
    return Mono.fromCallable(() -> tryOffer(batch))
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(attempts -> attempts.concatMap(i -> Mono.delay(ROOM_POLL)))
        .then(batch.published());
  }

  private boolean tryOffer(OutgoingBatch batch) {
    int needed = batch.events().size();
    int current;
    do {
      current = size.get();
      if (current + needed > CAPACITY && current > 0) {
        return false;
      }
    } while (!size.compareAndSet(current, current + needed));
    queue.offer(batch);
    live.wakeUp();
    return true;
  }

  /** The oldest waiting batch, if any; for the publisher. */
  public OutgoingBatch poll() {
    OutgoingBatch batch = queue.poll();
    if (batch != null) {
      size.addAndGet(-batch.events().size());
    }
    return batch;
  }

  /** Fails every waiting batch, e.g. when the publisher stops. */
  public List<OutgoingBatch> drain() {
    List<OutgoingBatch> drained = new java.util.ArrayList<>();
    OutgoingBatch batch;
    while ((batch = poll()) != null) {
      drained.add(batch);
    }
    return drained;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public int depth() {
    return size.get();
  }

  /** Events of one submission, and the signal that they are in the stream. */
  public static final class OutgoingBatch {

    private final List<StateChangedEvent> events;
    private final List<Map<String, String>> extraFields;
    private final Sinks.One<Void> published = Sinks.one();

    OutgoingBatch(List<StateChangedEvent> events, List<Map<String, String>> extraFields) {
      this.events = events;
      this.extraFields = extraFields;
    }

    public List<StateChangedEvent> events() {
      return events;
    }

    /** Stream entry fields to add to the i-th event's entry; empty when none. */
    public Map<String, String> extraFields(int i) {
      return extraFields.isEmpty() ? Map.of() : extraFields.get(i);
    }

    public void confirmed() {
      published.tryEmitEmpty();
    }

    public void failed(Throwable cause) {
      published.tryEmitError(cause);
    }

    Mono<Void> published() {
      return published.asMono();
    }
  }
}
