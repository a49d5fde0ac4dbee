package dev.haingestor.ingestion.buffer;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A bounded, lock-free FIFO between the producers (the WebSocket reader; later the backfill) and
 * the single consumer, the stream publisher. {@link #offer} never blocks: when the buffer is full
 * the event is dropped, counted, and its {@code time_fired} widens the recorded {@link EventGap}
 * for a later backfill. An overflow episode is logged once when it starts and once when it ends.
 */
@Component
public class EventBuffer {

  /** Events dropped because the buffer was full. */
  public static final String EVENTS_DROPPED = MetricNames.INGESTION_EVENTS_DROPPED;

  public static final String BUFFER_CAPACITY = MetricNames.INGESTION_BUFFER_CAPACITY;

  private static final Logger log = LoggerFactory.getLogger(EventBuffer.class);

  private final int capacity;
  private final Queue<EncodedEvent> queue = new ConcurrentLinkedQueue<>();
  // The bound: ConcurrentLinkedQueue.size() is O(n).
  private final AtomicInteger size = new AtomicInteger();
  // The consumer's pending wait for events, completed by the next offer.
  private final AtomicReference<Sinks.One<Void>> waiter = new AtomicReference<>();
  private final AtomicReference<EventGap> gap = new AtomicReference<>();
  // Newest time_fired accepted: everything up to it reaches the stream or is recorded as a gap.
  private final AtomicReference<Instant> newestAccepted = new AtomicReference<>();
  private final Sinks.Many<EventGap> overflowEnded = Sinks.many().multicast().directBestEffort();
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final AtomicLong droppedInEpisode = new AtomicLong();
  private final Counter dropped;

  public EventBuffer(BufferProperties properties, MeterRegistry registry) {
    this.capacity = properties.capacity();
    this.dropped =
        Counter.builder(EVENTS_DROPPED)
            .tag(MetricNames.REASON_TAG, "buffer_full")
            .description("Events read from HA but dropped before reaching the stream")
            .register(registry);
    Gauge.builder(MetricNames.INGESTION_BUFFER_DEPTH, size, AtomicInteger::get)
        .description("Events waiting to be published to the Redis stream")
        .register(registry);
    Gauge.builder(BUFFER_CAPACITY, () -> capacity)
        .description("Capacity of the buffer in events")
        .register(registry);
  }

  /**
   * Adds an event unless the buffer is full; never blocks.
   *
   * @return whether the event was accepted
   */
  public boolean offer(EncodedEvent event) {
    if (!reserve(event.timeFired())) {
      return false;
    }
    added(event);
    return true;
  }

  /**
   * Adds a live event unless the buffer is full, encoding it only once it has its place: while the
   * buffer overflows, the events it drops cost no encoding. Never blocks.
   *
   * @return whether the event was accepted
   * @throws IllegalArgumentException when the event cannot be encoded (nothing is added)
   */
  public boolean offer(StateChangedEvent event, EventCodec codec) {
    if (!reserve(event.timeFired())) {
      return false;
    }
    EncodedEvent encoded;
    try {
      encoded = EncodedEvent.of(event, codec);
    } catch (RuntimeException e) {
      size.decrementAndGet();
      throw e;
    }
    added(encoded);
    return true;
  }

  /** Takes a place for an event, or records it as dropped when there is none. */
  private boolean reserve(Instant timeFired) {
    if (size.getAndIncrement() >= capacity) {
      size.decrementAndGet();
      overflowed(timeFired);
      return false;
    }
    return true;
  }

  private void added(EncodedEvent event) {
    queue.offer(event);
    newestAccepted.accumulateAndGet(
        event.timeFired(),
        (current, added) -> current == null || added.isAfter(current) ? added : current);
    if (overflowing.get() && overflowing.compareAndSet(true, false)) {
      EventGap lost = gap.get();
      log.info(
          "Event buffer accepts events again after dropping {}; lost window so far: {}",
          droppedInEpisode.getAndSet(0),
          lost);
      if (lost != null) {
        overflowEnded.tryEmitNext(lost);
      }
    }
    Sinks.One<Void> pending = waiter.getAndSet(null);
    if (pending != null) {
      pending.tryEmitEmpty();
    }
  }

  /** Removes up to {@code max} events, oldest first; never blocks. */
  public List<EncodedEvent> poll(int max) {
    List<EncodedEvent> batch = new ArrayList<>(Math.min(max, Math.max(size.get(), 1)));
    EncodedEvent event;
    while (batch.size() < max && (event = queue.poll()) != null) {
      size.decrementAndGet();
      batch.add(event);
    }
    return batch;
  }

  /**
   * Completes when an event is available, or after {@code maxWait}, or on {@link #wakeUp()}. For
   * the single consumer; the signal arrives on the producer's thread, so move off it before doing
   * work.
   */
  public Mono<Void> awaitEvents(Duration maxWait) {
    return awaitEvents(maxWait, () -> false);
  }

  /**
   * Like {@link #awaitEvents(Duration)}, also completing at once when {@code alsoReady} says so;
   * another producer that makes it true must call {@link #wakeUp()} afterwards.
   */
  public Mono<Void> awaitEvents(Duration maxWait, BooleanSupplier alsoReady) {
    return Mono.defer(
        () -> {
          Sinks.One<Void> pending = Sinks.one();
          waiter.set(pending);
          // Checked after registering: an offer in between either is seen here or completes us.
          if (!queue.isEmpty() || alsoReady.getAsBoolean()) {
            return Mono.empty();
          }
          return pending.asMono().timeout(maxWait, Mono.empty());
        });
  }

  /** Ends a pending {@link #awaitEvents} at once, e.g. on shutdown. */
  public void wakeUp() {
    Sinks.One<Void> pending = waiter.getAndSet(null);
    if (pending != null) {
      pending.tryEmitEmpty();
    }
  }

  /** Records events that were taken from the buffer but could not be published. */
  public void recordLost(Collection<EncodedEvent> events) {
    for (EncodedEvent event : events) {
      widenGap(event.timeFired());
    }
  }

  /** The newest {@code time_fired} accepted since start, if any. */
  public Optional<Instant> newestAccepted() {
    return Optional.ofNullable(newestAccepted.get());
  }

  /**
   * Signals, with the gap so far, each time the buffer accepts events again after an overflow: the
   * moment to backfill what was dropped.
   */
  public reactor.core.publisher.Flux<EventGap> overflowEnded() {
    return overflowEnded.asFlux();
  }

  /** The window of dropped events not yet {@link #takeGap() taken} by a backfill. */
  public Optional<EventGap> gap() {
    return Optional.ofNullable(gap.get());
  }

  /** Returns and clears the recorded gap. */
  public Optional<EventGap> takeGap() {
    return Optional.ofNullable(gap.getAndSet(null));
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public int depth() {
    return size.get();
  }

  public int capacity() {
    return capacity;
  }

  private void overflowed(Instant timeFired) {
    dropped.increment();
    droppedInEpisode.incrementAndGet();
    widenGap(timeFired);
    if (!overflowing.get() && overflowing.compareAndSet(false, true)) {
      log.warn(
          "Event buffer full ({} events): dropping new events until the publisher catches up;"
              + " their time window is recorded for backfill",
          capacity);
    }
  }

  private void widenGap(Instant timeFired) {
    EventGap single = EventGap.of(timeFired);
    gap.accumulateAndGet(
        single, (current, added) -> current == null ? added : current.merge(added));
  }
}
