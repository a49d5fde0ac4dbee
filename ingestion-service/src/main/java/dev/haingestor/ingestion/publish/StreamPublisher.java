package dev.haingestor.ingestion.publish;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamEntry;
import dev.haingestor.ingestion.buffer.BackfillQueue;
import dev.haingestor.ingestion.buffer.BackfillQueue.OutgoingBatch;
import dev.haingestor.ingestion.buffer.EncodedEvent;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.stats.StageStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Drains the {@link EventBuffer} (live events) and the {@link BackfillQueue} (backfill, snapshot,
 * re-publish) into the Redis event stream, live events first and in the order they were read.
 *
 * <p>One loop on its own thread: take what the buffer holds (up to the batch size, fewer under a
 * rate limit) plus at most one waiting backfill batch, wait as long as the rate limit ({@code
 * MAX_PROCESSING_RATE}) demands, encode, issue one XADD per event without waiting in between —
 * Lettuce writes them back to back on its single connection (pipelining) and Redis executes them in
 * that order. The next round is taken and sent while the replies of the previous one are awaited,
 * so the service and Redis work at the same time; at most {@value #ROUNDS_IN_FLIGHT} rounds are in
 * flight, and rounds are confirmed (counted, checkpointed) in the order they were taken.
 *
 * <p>A failed round is retried, from its first unconfirmed entry, with bounded back-off for as long
 * as it takes; a round sent after it retries only once it is in the stream, so that retries keep
 * the rounds' order. Meanwhile new events wait in the bounded buffer, which records a gap if it
 * overflows. A retry after a timeout can write an entry twice, and when Redis refuses one entry but
 * takes later ones, those are in the stream before the refused one's retry; downstream writes are
 * idempotent (DESIGN.md §2.5), losing an entry would not be.
 *
 * <p>{@link PublicationListener}s learn of every confirmed round (checkpoint), of Redis working
 * again (backfill) and of events abandoned at shutdown (gap).
 */
@Component
public class StreamPublisher implements SmartLifecycle {

  /** Stops after the HA client (nothing more to drain) and before Redis goes. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 200;

  static final Duration IDLE_WAIT = Duration.ofSeconds(1);

  /** Share of a round kept for backfill while both lanes have events: backfill never starves. */
  static final int BACKFILL_SHARE_DIVISOR = 5;

  /** One round being written while the replies of the one before arrive. */
  static final int ROUNDS_IN_FLIGHT = 2;

  private static final String SOURCE_TAG = "source";
  private static final String DOMAIN_TAG = "domain";
  private static final int MAX_CACHED_ENTITIES = 20_000;

  private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);

  private final EventBuffer buffer;
  private final BackfillQueue backfill;
  private final StreamAppender appender;
  private final String streamKey;
  private final EventCodec codec;
  private final PublishProperties properties;
  private final PublishRate rate;
  private final List<PublicationListener> listeners;
  private final StageStats stats;
  private final MeterRegistry registry;
  private final Map<String, Counter> publishedByDomain = new ConcurrentHashMap<>();
  // Entity id → its domain's counter: no substring per event. Bounded; beyond it, by domain.
  private final Map<String, Counter> publishedByEntity = new ConcurrentHashMap<>();
  private final Map<EventSource, Timer> lag = new EnumMap<>(EventSource.class);
  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Timer rateLimitDelay;
  private final RateLimiter rateLimiter = new RateLimiter();
  private final Clock clock;

  private volatile boolean running;
  // Two rounds in flight fail and recover together: one warning, one recovery for both.
  private final AtomicReference<Instant> failingSince = new AtomicReference<>();
  private final Deque<Round> inFlight = new ConcurrentLinkedDeque<>();
  // What a round waits for from the round taken before it. Publisher thread only.
  private RoundSignals previousRound = RoundSignals.NONE;
  private Disposable loop;
  private Scheduler scheduler;
  private Sinks.One<Void> loopDone;

  public StreamPublisher(
      EventBuffer buffer,
      BackfillQueue backfill,
      StreamAppender appender,
      RedisKeys keys,
      EventCodec codec,
      PublishProperties properties,
      PublishRate rate,
      List<PublicationListener> listeners,
      StageStats stats,
      MeterRegistry registry,
      Clock clock) {
    this.buffer = buffer;
    this.backfill = backfill;
    this.appender = appender;
    this.streamKey = keys.events();
    this.codec = codec;
    this.properties = properties;
    this.rate = rate;
    this.listeners = List.copyOf(listeners);
    this.stats = stats;
    this.registry = registry;
    for (EventSource source : EventSource.values()) {
      lag.put(
          source,
          Timer.builder(MetricNames.INGESTION_LAG)
              .tag(SOURCE_TAG, source.wireName())
              .description("From an event's time_fired to its confirmed XADD")
              .publishPercentileHistogram()
              .maximumExpectedValue(Duration.ofMinutes(10))
              .register(registry));
    }
    this.batchSize =
        DistributionSummary.builder(MetricNames.INGESTION_PUBLISH_BATCH_SIZE)
            .description("Events per pipelined round of XADDs")
            .register(registry);
    this.batchDuration =
        Timer.builder(MetricNames.INGESTION_PUBLISH_DURATION)
            .description("Duration of a confirmed round of XADDs, retries included")
            .register(registry);
    this.rateLimitDelay =
        Timer.builder(MetricNames.INGESTION_RATE_LIMIT_DELAY)
            .description("Time publication waited for MAX_PROCESSING_RATE")
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
        Mono.defer(this::nextRound)
            // Each round is taken on this thread (and its backfill entries made here): repeat
            // would otherwise take the next one on the thread the previous round completed on,
            // Lettuce's event loop, the service's busiest thread, which should only write the
            // XADDs (their fields straight from the events) and read the replies.
            .subscribeOn(scheduler)
            .repeat(() -> running || !buffer.isEmpty() || !backfill.isEmpty())
            .flatMapSequential(this::publishRound, ROUNDS_IN_FLIGHT, 1)
            // Rounds are confirmed here, in order, not on the reader's or Lettuce's thread.
            .publishOn(scheduler)
            .doOnNext(this::confirmed)
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

  /** The next round, once the rate limit lets it go; empty after waiting for events in vain. */
  private Mono<Round> nextRound() {
    Round round = takeRound();
    if (round.isEmpty()) {
      return running
          ? buffer.awaitEvents(IDLE_WAIT, () -> !backfill.isEmpty()).then(Mono.empty())
          : Mono.empty();
    }
    inFlight.addLast(round);
    round.previous = previousRound;
    previousRound = round.signals;
    Duration wait = rateLimiter.reserve(round.size(), rate.maxEventsPerSecond(), System.nanoTime());
    if (wait.isZero()) {
      return Mono.just(round);
    }
    rateLimitDelay.record(wait);
    return Mono.delay(wait, scheduler).thenReturn(round);
  }

  /** Emits the round once all of it is in the stream. */
  private Mono<Round> publishRound(Round round) {
    return publish(round)
        .doFinally(signal -> round.signals.settled.tryEmitEmpty())
        .thenReturn(round)
        .onErrorResume(
            e -> {
              // Only a bug gets here (publish retries every Redis failure); keep the loop alive.
              log.error(
                  "Could not publish {} events; recording them as a gap for backfill",
                  round.size(),
                  e);
              inFlight.remove(round);
              buffer.recordLost(round.live);
              if (round.other != null) {
                round.other.failed(e);
              }
              return Mono.empty();
            });
  }

  /** Live events first; a backfill batch rides along, with a guaranteed share of the round. */
  private Round takeRound() {
    int size = rateLimiter.permitted(properties.publishBatchSize(), rate.maxEventsPerSecond());
    boolean backfillWaiting = !backfill.isEmpty();
    int liveMax =
        backfillWaiting ? Math.max(1, size - size / BACKFILL_SHARE_DIVISOR) : Math.max(1, size);
    List<EncodedEvent> live = buffer.poll(liveMax);
    OutgoingBatch other = null;
    if (backfillWaiting && (live.size() < size || live.isEmpty())) {
      other = backfill.poll();
    }
    return new Round(live, other);
  }

  private void confirmed(Round round) {
    inFlight.remove(round);
    List<StateChangedEvent> other = round.other == null ? List.of() : round.other.events();
    Instant now = clock.instant();
    for (EncodedEvent event : round.live) {
      lag.get(EventSource.LIVE).record(Duration.between(event.timeFired(), now));
    }
    for (StateChangedEvent event : other) {
      lag.get(event.source()).record(Duration.between(event.timeFired(), now));
    }
    batchSize.record(round.size());
    stats.count(PipelineStage.PUBLISHED, round.live.stream().map(EncodedEvent::entityId).toList());
    stats.count(PipelineStage.PUBLISHED, other.stream().map(StateChangedEvent::entityId).toList());
    for (PublicationListener listener : listeners) {
      try {
        listener.published(round.live, other);
      } catch (RuntimeException e) {
        log.error("Publication listener {} failed", listener, e);
      }
    }
    if (round.other != null) {
      round.other.confirmed();
    }
  }

  /** Completes when every event of the round is in the stream; retries until then. */
  private Mono<Void> publish(Round round) {
    // Live events are encoded but for a few small fields; their entries are made as they are sent.
    // The other lane's are made here, where a failure to encode cannot leave half a round queued.
    List<Map<String, String>> otherEntries = List.of();
    if (round.other != null) {
      List<StateChangedEvent> others = round.other.events();
      otherEntries = new ArrayList<>(others.size());
      for (int i = 0; i < others.size(); i++) {
        Map<String, String> entry = codec.encode(others.get(i));
        entry.putAll(round.other.extraFields(i));
        otherEntries.add(entry);
      }
    }
    PendingEntries pending = new PendingEntries(round, otherEntries);
    long started = System.nanoTime();
    return round
        .previous
        .mayFollow()
        .then(Mono.defer(() -> writeRemaining(pending, round)))
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, properties.retryMinDelay())
                .maxBackoff(properties.retryMaxDelay())
                .jitter(0.5)
                .doBeforeRetry(
                    signal -> {
                      round.signals.failed = true;
                      failed(signal.failure(), pending.remaining());
                    })
                // Retried only once the round before is in the stream: Redis gets them in order.
                .doBeforeRetryAsync(signal -> round.previous.settled.asMono()))
        .doOnSuccess(
            v -> {
              batchDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              recovered();
            });
  }

  private Mono<Void> writeRemaining(PendingEntries pending, Round round) {
    // All XADDs of the round go out in one flush, replies awaited together; Redis confirms in
    // order, so what it confirmed is a prefix, counted even when the attempt fails or times out.
    int from = pending.confirmed();
    return appender
        .append(
            streamKey,
            properties.maxLength(),
            pending.remaining(),
            i -> pending.entry(from + i),
            confirmed -> countPublished(pending, confirmed),
            round.signals.sent::tryEmitEmpty)
        // Every round is handed to the connection from this thread. Netty runs a write from its
        // own event loop at once but queues one from elsewhere, so a round handed over from
        // Lettuce's thread (where the previous round's replies complete) could overtake one still
        // queued.
        .subscribeOn(scheduler)
        .timeout(properties.writeTimeout())
        .doFinally(signal -> round.signals.sent.tryEmitEmpty());
  }

  private void countPublished(PendingEntries pending, int count) {
    int from = pending.confirm(count);
    for (int i = from; i < from + count; i++) {
      publishedCounter(pending.entityId(i)).increment();
    }
  }

  /** The domain's counter, looked up without allocating once it exists. */
  private Counter publishedCounter(String entityId) {
    Counter counter = publishedByEntity.get(entityId);
    if (counter == null) {
      String domain = EntityIds.domain(entityId);
      counter =
          publishedByDomain.computeIfAbsent(
              domain,
              d ->
                  Counter.builder(MetricNames.INGESTION_EVENTS_PUBLISHED)
                      .tag(DOMAIN_TAG, d)
                      .description("Events appended to the Redis event stream")
                      .register(registry));
      if (publishedByEntity.size() < MAX_CACHED_ENTITIES) {
        publishedByEntity.put(entityId, counter);
      }
    }
    return counter;
  }

  private void failed(Throwable error, int waiting) {
    if (failingSince.compareAndSet(null, clock.instant())) {
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
    Instant since = failingSince.getAndSet(null);
    if (since != null) {
      Duration outage = Duration.between(since, clock.instant());
      log.info("Publishing to Redis stream {} works again after {}", streamKey, outage);
      for (PublicationListener listener : listeners) {
        listener.recovered(outage);
      }
    }
  }

  /** True while a round is being retried because Redis refuses it. */
  public boolean isFailing() {
    return failingSince.get() != null;
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
    List<EncodedEvent> lost = new ArrayList<>();
    List<Round> rounds = List.copyOf(inFlight);
    for (Round round : rounds) {
      lost.addAll(round.live);
    }
    lost.addAll(buffer.poll(Integer.MAX_VALUE));
    IllegalStateException stopped = new IllegalStateException("publisher stopped");
    for (Round round : rounds) {
      if (round.other != null) {
        round.other.failed(stopped);
      }
    }
    backfill.drain().forEach(batch -> batch.failed(stopped));
    if (lost.isEmpty()) {
      return;
    }
    Instant from = lost.stream().map(EncodedEvent::timeFired).min(Instant::compareTo).get();
    Instant to = lost.stream().map(EncodedEvent::timeFired).max(Instant::compareTo).get();
    log.warn(
        "Stopping with {} events not published within {} (time_fired {} to {}); they have to be"
            + " recovered from HA's recorder",
        lost.size(),
        properties.shutdownDrainTimeout(),
        from,
        to);
    for (PublicationListener listener : listeners) {
      listener.abandoned(lost);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The live events and the backfill batch (if any) of one round. */
  private static final class Round {

    final List<EncodedEvent> live;
    final OutgoingBatch other;

    final RoundSignals signals = new RoundSignals();

    /** The signals of the round taken before this one. */
    RoundSignals previous = RoundSignals.NONE;

    Round(List<EncodedEvent> live, OutgoingBatch other) {
      this.live = live;
      this.other = other;
    }

    boolean isEmpty() {
      return live.isEmpty() && other == null;
    }

    int size() {
      return live.size() + (other == null ? 0 : other.events().size());
    }
  }

  /**
   * What the round after a round waits for (kept apart from the round, so that rounds do not hold
   * on to each other).
   */
  private static final class RoundSignals {

    static final RoundSignals NONE = new RoundSignals();

    static {
      NONE.sent.tryEmitEmpty();
      NONE.settled.tryEmitEmpty();
    }

    /** Completes when the round's first attempt was handed to the connection, or failed. */
    final Sinks.Empty<Void> sent = Sinks.empty();

    /** Completes when the round is in the stream, or given up. */
    final Sinks.Empty<Void> settled = Sinks.empty();

    /** Set once an attempt failed: then the next round waits until this one is in the stream. */
    volatile boolean failed;

    /**
     * When the next round's first attempt may go out: right behind this one's (which may still wait
     * for the connection), or, once this one failed, after it is in the stream.
     */
    Mono<Void> mayFollow() {
      return sent.asMono().then(Mono.defer(() -> failed ? settled.asMono() : Mono.empty()));
    }
  }

  /**
   * A round's entries, live ones first, and how many of them Redis has confirmed, in order. A live
   * entry is made each time it is sent; the other lane's are made once.
   */
  private final class PendingEntries {

    private final List<EncodedEvent> live;
    private final List<StateChangedEvent> others;
    private final List<Map<String, String>> otherEntries;
    private volatile int confirmed;

    PendingEntries(Round round, List<Map<String, String>> otherEntries) {
      this.live = round.live;
      this.others = round.other == null ? List.of() : round.other.events();
      this.otherEntries = otherEntries;
    }

    int size() {
      return live.size() + others.size();
    }

    int confirmed() {
      return confirmed;
    }

    int remaining() {
      return size() - confirmed;
    }

    StreamEntry entry(int index) {
      return index < live.size()
          ? live.get(index).entry(codec)
          : StreamEntry.of(otherEntries.get(index - live.size()));
    }

    String entityId(int index) {
      return index < live.size()
          ? live.get(index).entityId()
          : others.get(index - live.size()).entityId();
    }

    /** Moves the confirmed prefix on by {@code count}; returns where it was. */
    int confirm(int count) {
      int from = confirmed;
      confirmed += count;
      return from;
    }
  }
}
