package dev.haingestor.ingestion.checkpoint;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.buffer.EncodedEvent;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.buffer.EventGap;
import dev.haingestor.ingestion.publish.PublicationListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The checkpoint of DESIGN.md §2.2: the newest live {@code time_fired} such that every event up to
 * it is in the stream, except the windows recorded in the {@link GapLedger}. Kept in Redis at
 * {@link RedisKeys#checkpoint()} as an HA timestamp.
 *
 * <p>It follows the publisher's confirmed rounds (live events arrive in HA's order, so the newest
 * confirmed one is the checkpoint) and is written every {@code CHECKPOINT_FLUSH_INTERVAL}: first
 * the gaps (the buffer's overflow window, events abandoned at shutdown), then the checkpoint, so
 * the checkpoint never passes a gap that Redis does not know. From each subscription it is held
 * until the backfill has recorded the reconnect window (which starts at the checkpoint) as a gap.
 * While Redis is down neither is written; a crash then re-reads the window from HA's recorder after
 * the restart. Written a last time at shutdown, after the publisher drained.
 */
@Component
public class Checkpoint implements PublicationListener, SmartLifecycle {

  /** Stops after the publisher, to store what it drained last. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 250;

  private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ReactiveStringRedisTemplate redis;
  private final String key;
  private final EventBuffer buffer;
  private final GapLedger gaps;
  private final CheckpointProperties properties;
  private final Clock clock;
  private final AtomicReference<Instant> confirmed = new AtomicReference<>();
  private volatile Instant stored;
  private volatile boolean loaded;
  // Held from each subscription until the backfill recorded the reconnect window as a gap.
  private volatile boolean held = true;
  // What was confirmed when the checkpoint was last held: the start of that reconnect window.
  private volatile Instant confirmedAtHold;
  private final AtomicBoolean failing = new AtomicBoolean();
  private Disposable flushing;

  public Checkpoint(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      EventBuffer buffer,
      GapLedger gaps,
      CheckpointProperties properties,
      MeterRegistry registry,
      Clock clock) {
    this.redis = redis;
    this.key = keys.checkpoint();
    this.buffer = buffer;
    this.gaps = gaps;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder(MetricNames.INGESTION_CHECKPOINT_AGE, this, Checkpoint::ageSeconds)
        .description("Seconds between now and the checkpoint (newest live event in the stream)")
        .baseUnit("seconds")
        .register(registry);
  }

  @Override
  public void published(List<EncodedEvent> live, List<StateChangedEvent> other) {
    if (!live.isEmpty()) {
      advance(live.get(live.size() - 1).timeFired());
    }
  }

  @Override
  public void abandoned(List<EncodedEvent> events) {
    Instant from = events.stream().map(EncodedEvent::timeFired).min(Instant::compareTo).get();
    Instant to = events.stream().map(EncodedEvent::timeFired).max(Instant::compareTo).get();
    gaps.add(new EventGap(from, to, events.size()));
  }

  private void advance(Instant timeFired) {
    confirmed.accumulateAndGet(
        timeFired, (current, next) -> current == null || next.isAfter(current) ? next : current);
  }

  /**
   * The checkpoint: the newest confirmed in this run, else the one stored by an earlier run; empty
   * when there has never been one. Fails while Redis cannot be read and nothing is known yet.
   */
  public Mono<Optional<Instant>> current() {
    return confirmedOrStored(confirmed.get());
  }

  /**
   * The checkpoint as it was when it was {@linkplain #hold() held} after the last {@linkplain
   * #release() release}: where the reconnect window of that subscription starts (later
   * subscriptions before the release are inside the same window). Live events of the new
   * subscription move {@link #current()} on before the backfill reads it; taking the window start
   * from there would shrink the window, or make it empty, and lose the events of the outage.
   */
  public Mono<Optional<Instant>> atHold() {
    return confirmedOrStored(confirmedAtHold);
  }

  private Mono<Optional<Instant>> confirmedOrStored(Instant known) {
    if (known != null) {
      return Mono.just(Optional.of(known));
    }
    if (loaded) {
      return Mono.just(Optional.ofNullable(stored));
    }
    return redis
        .opsForValue()
        .get(key)
        .timeout(TIMEOUT)
        .map(text -> Optional.of(HaTimestamps.parse(text)))
        .defaultIfEmpty(Optional.empty())
        .doOnNext(
            value -> {
              stored = value.orElse(null);
              loaded = true;
            });
  }

  /** Writes new gaps, then the checkpoint if it moved; fails while Redis is down. */
  public Mono<Void> flush() {
    Instant candidate = confirmed.get(); // read before taking the gap: see class comment
    buffer.takeGap().ifPresent(gaps::add);
    return gaps.persist()
        .then(Mono.defer(() -> writeIfMoved(candidate)))
        .doOnSuccess(v -> recovered())
        .doOnError(this::failed);
  }

  /**
   * Stops writing the checkpoint (gaps are still written): the window of a reconnect, which starts
   * at the checkpoint, is not yet recorded as a gap.
   */
  public synchronized void hold() {
    // Still held: the window of an earlier subscription is not recorded yet and starts earlier.
    if (!held) {
      confirmedAtHold = confirmed.get();
      held = true;
    }
  }

  /** Writes the checkpoint again: the reconnect window is a gap now (or there is none). */
  public synchronized void release() {
    held = false;
  }

  private Mono<Void> writeIfMoved(Instant candidate) {
    if (held || candidate == null || candidate.equals(stored)) {
      return Mono.empty();
    }
    return redis
        .opsForValue()
        .set(key, HaTimestamps.format(candidate))
        .timeout(TIMEOUT)
        .doOnSuccess(ok -> stored = candidate)
        .then();
  }

  private void failed(Throwable e) {
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "Cannot store the checkpoint in Redis ({}); gaps are kept in memory and retried every {}",
          NestedExceptionUtils.getMostSpecificCause(e).toString(),
          properties.flushInterval());
    }
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("Checkpoint stored in Redis again: {}", stored);
    }
  }

  private double ageSeconds() {
    Instant at = confirmed.get() != null ? confirmed.get() : stored;
    return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }

  @Override
  public synchronized void start() {
    if (flushing == null) {
      flushing =
          Flux.interval(properties.flushInterval())
              .onBackpressureDrop()
              .concatMap(tick -> flush().onErrorResume(e -> Mono.empty()), 1)
              .subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    if (flushing != null) {
      flushing.dispose();
      flushing = null;
      try {
        flush().timeout(TIMEOUT.multipliedBy(2)).block();
        log.info("Checkpoint stored at shutdown: {}", stored);
      } catch (RuntimeException e) {
        log.warn(
            "Could not store the checkpoint at shutdown ({}); the next start backfills from {}",
            NestedExceptionUtils.getMostSpecificCause(e).toString(),
            stored);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return flushing != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
