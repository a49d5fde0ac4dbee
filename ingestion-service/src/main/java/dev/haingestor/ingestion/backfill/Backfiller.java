package dev.haingestor.ingestion.backfill;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.ingestion.buffer.BackfillQueue;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.buffer.EventGap;
import dev.haingestor.ingestion.checkpoint.Checkpoint;
import dev.haingestor.ingestion.checkpoint.GapLedger;
import dev.haingestor.ingestion.deadletter.DeadLetterPublisher;
import dev.haingestor.ingestion.ha.CommandResult;
import dev.haingestor.ingestion.ha.ConnectionClosedException;
import dev.haingestor.ingestion.ha.ConnectionStateMachine;
import dev.haingestor.ingestion.ha.ConnectionStateMachine.ReconnectWindowStart;
import dev.haingestor.ingestion.ha.HaCommands;
import dev.haingestor.ingestion.ha.HaConnectionListener;
import dev.haingestor.ingestion.ha.HaProperties;
import dev.haingestor.ingestion.publish.PublicationListener;
import dev.haingestor.ingestion.shaping.Shaping;
import dev.haingestor.ingestion.shaping.ShapingHolder;
import dev.haingestor.ingestion.stats.StageStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Fills the gaps of DESIGN.md §2.2 from HA's recorder ({@code history/history_during_period} over
 * the same WebSocket) and publishes what it finds as {@code source=backfill}.
 *
 * <p>Runs are triggered (a) each time a connection is subscribed and HA runs — the window from the
 * checkpoint (or the newest event read before the connection dropped) to the first live event of
 * the new subscription is recorded as a gap first —, (b) when publishing to Redis works again after
 * an outage, and (c) when the buffer accepts events again after an overflow. A run fills every open
 * gap of the {@link GapLedger}, oldest first: the entity list from {@code get_states} (filtered
 * like live events), requests chunked by entity and time, each bounded by a timeout and a few
 * attempts; then, for a window that ended less than the recorder's commit interval ago, its tail
 * again once the recorder wrote it, skipping rows already published. Each gap is removed only after
 * all its events are confirmed in the stream; a run that fails (connection lost, HA not answering)
 * leaves its gaps for the next trigger. Runs never overlap and never slow live events: their events
 * go through the publisher's second lane, which waits rather than drops.
 */
@Component
public class Backfiller implements HaConnectionListener, PublicationListener, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Backfiller.class);

  private static final Duration MICRO = Duration.of(1, ChronoUnit.MICROS);
  private static final String OUTCOME_TAG = "outcome";

  private final BackfillProperties properties;
  private final Checkpoint checkpoint;
  private final GapLedger gaps;
  private final EventBuffer buffer;
  private final BackfillQueue queue;
  private final ConnectionStateMachine connection;
  private final ShapingHolder shaping;
  private final DeadLetterPublisher deadLetters;
  private final StageStats stats;
  private final JsonMapper mapper;
  private final HistoryRows rows;
  private final Clock clock;
  private final Counter windowsFilled;
  private final Counter windowsFailed;
  private final Counter windowsTruncated;
  private final Counter eventsBackfilled;
  private final Sinks.Many<Boolean> triggers =
      Sinks.many().unicast().onBackpressureBuffer(Queues.<Boolean>one().get());
  private final AtomicBoolean reconnectPending = new AtomicBoolean();

  private final TimeChunk timeChunk;

  private volatile HaCommands commands;
  private Disposable running;
  private Scheduler scheduler;

  public Backfiller(
      BackfillProperties properties,
      HaProperties ha,
      Checkpoint checkpoint,
      GapLedger gaps,
      EventBuffer buffer,
      BackfillQueue queue,
      ConnectionStateMachine connection,
      ShapingHolder shaping,
      DeadLetterPublisher deadLetters,
      StageStats stats,
      JsonMapper mapper,
      MeterRegistry registry,
      Clock clock) {
    this.properties = properties;
    this.checkpoint = checkpoint;
    this.gaps = gaps;
    this.buffer = buffer;
    this.queue = queue;
    this.connection = connection;
    this.shaping = shaping;
    this.deadLetters = deadLetters;
    this.stats = stats;
    this.mapper = mapper;
    this.rows = new HistoryRows(mapper);
    this.clock = clock;
    this.timeChunk = new TimeChunk(properties.timeChunk(), ha.maxFrameSize().toBytes());
    this.windowsFilled = windows(registry, "filled");
    this.windowsFailed = windows(registry, "failed");
    this.windowsTruncated = windows(registry, "truncated");
    this.eventsBackfilled =
        Counter.builder(MetricNames.INGESTION_BACKFILL_EVENTS)
            .description("Events recovered from HA's recorder and published")
            .register(registry);
  }

  private static Counter windows(MeterRegistry registry, String outcome) {
    return Counter.builder(MetricNames.INGESTION_BACKFILL_WINDOWS)
        .tag(OUTCOME_TAG, outcome)
        .description("Windows of missing events asked from HA's recorder, by outcome")
        .register(registry);
  }

  // --- triggers ---

  @Override
  public void onRunning(HaCommands commands) {
    this.commands = commands;
    if (!properties.enabled()) {
      checkpoint.release();
      return;
    }
    reconnectPending.set(true);
    trigger();
  }

  @Override
  public void onSubscribed() {
    // Until this connection's window is recorded as a gap, the stored checkpoint must stay where
    // the window starts, however far the new live events get.
    checkpoint.hold();
  }

  @Override
  public void onDisconnected() {
    this.commands = null;
  }

  @Override
  public void recovered(Duration outage) {
    trigger();
  }

  /** Requests a run; a request made while one is queued is merged into it. */
  public synchronized void trigger() {
    if (properties.enabled()) {
      triggers.tryEmitNext(Boolean.TRUE); // fails when one is already queued: that one will do
    }
  }

  // --- a run ---

  private Mono<Void> run() {
    HaCommands current = commands;
    if (current == null) {
      return Mono.empty(); // the next subscription triggers again
    }
    log.debug("Backfill run on connection {}", current.connection());
    return recordReconnectWindow(current)
        // Moves the buffer's overflow window into the ledger and stores it before the checkpoint.
        .then(Mono.defer(() -> checkpoint.flush().onErrorResume(e -> Mono.empty())))
        .then(
            Mono.defer(
                () ->
                    gaps.isLoaded() ? Mono.empty() : gaps.load().onErrorResume(e -> Mono.empty())))
        .then(Mono.defer(() -> fillOpenGaps(current)))
        .doFinally(
            signal -> log.debug("Backfill run on connection {}: {}", current.connection(), signal))
        .onErrorResume(
            e -> {
              log.warn(
                  "Backfill stopped ({}); {} gaps wait for the next reconnect or recovery",
                  describe(e),
                  gaps.open().size());
              return Mono.empty();
            });
  }

  /**
   * After a (re)connect: the window from the newest event known to be handled when the earliest
   * subscription whose window is not recorded yet began (checkpoint, or the newest event read
   * before it) to the first live event of the current subscription. A connection that ended before
   * its window was recorded (HA still starting, or cut off at once) is inside it.
   */
  private Mono<Void> recordReconnectWindow(HaCommands current) {
    if (!reconnectPending.getAndSet(false)) {
      return Mono.empty();
    }
    ReconnectWindowStart windowStart = connection.reconnectWindowStart();
    Optional<Instant> readBefore = windowStart.lastEventRead();
    // The checkpoint as of the subscription: by now this connection's live events may have moved
    // it past the outage.
    return checkpoint
        .atHold()
        .onErrorResume(
            e -> {
              if (readBefore.isEmpty()) {
                // Redis down at startup: decide once it is back (publisher recovery triggers).
                reconnectPending.set(true);
                return Mono.error(e);
              }
              return Mono.just(Optional.empty());
            })
        .flatMap(
            stored -> {
              Optional<Instant> start = latest(stored, readBefore);
              if (start.isEmpty()) {
                log.info(
                    "No checkpoint yet (first start): nothing to backfill before the first event");
                windowRecorded(windowStart);
                return Mono.empty();
              }
              return windowEnd()
                  .doOnNext(
                      end -> {
                        recordWindow(start.get(), end);
                        // The window is a gap now: the checkpoint may move past it.
                        windowRecorded(windowStart);
                      })
                  .then();
            });
  }

  /**
   * The reconnect window is a gap now (or there is none): the checkpoint may move past it, and the
   * next subscription starts a new window; unless another subscription came in the meantime, whose
   * window (starting at the same place) the next run records.
   */
  private void windowRecorded(ReconnectWindowStart start) {
    if (connection.reconnectWindowRecorded(start)) {
      checkpoint.release();
    }
  }

  private Mono<Instant> windowEnd() {
    Mono<Instant> firstLive =
        connection.firstEventAfterSubscribe().map(first -> first.minus(MICRO));
    return firstLive.timeout(
        properties.firstEventWait(),
        Mono.fromSupplier(() -> clock.instant().truncatedTo(ChronoUnit.MICROS)));
  }

  private void recordWindow(Instant handledUpTo, Instant end) {
    Instant from = handledUpTo.plus(MICRO);
    log.debug("Reconnect window {} .. {}", from, end);
    if (end.isBefore(from)) {
      return; // nothing can be missing
    }
    gaps.add(new EventGap(from, end, 0));
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  private Mono<Void> fillOpenGaps(HaCommands current) {
    // Only overlapping gaps are merged: merging nearby ones would re-read what lies between.
    List<Window> windows = Window.merge(gaps.open(), Duration.ZERO);
    if (windows.isEmpty()) {
      return Mono.empty();
    }
    log.debug("Filling {} windows", windows.size());
    return entities(current)
        .flatMapMany(entityIds -> Flux.fromIterable(windows).map(w -> Map.entry(w, entityIds)))
        .concatMap(entry -> fill(current, entry.getKey(), entry.getValue()), 1)
        .then();
  }

  /** The entities to ask for: HA's current ones, as far as the filter lets them through. */
  private Mono<List<String>> entities(HaCommands current) {
    return current
        .call("get_states", command -> {}, properties.requestTimeout())
        .doOnSubscribe(s -> log.debug("Asking get_states for the entities to backfill"))
        .publishOn(scheduler)
        .map(this::admittedEntityIds);
  }

  /**
   * The entity ids of a {@code get_states} answer, read as a stream: the answer (every state with
   * its attributes) can be megabytes, and a backfill often runs right after the live buffer was
   * full; a tree of it is not needed for the ids.
   */
  private List<String> admittedEntityIds(CommandResult result) {
    Shaping now = shaping.current();
    List<String> ids = new ArrayList<>();
    result.forEachResultObject(
        mapper,
        state -> {
          for (String name = state.nextName(); name != null; name = state.nextName()) {
            JsonToken value = state.nextToken();
            if ("entity_id".equals(name) && value == JsonToken.VALUE_STRING) {
              String entityId = state.getString();
              if (!entityId.isEmpty() && now.admits(entityId)) {
                ids.add(entityId);
              }
            }
            state.skipChildren();
          }
        });
    return ids;
  }

  private Mono<Void> fill(HaCommands current, Window window, List<String> entityIds) {
    Instant now = clock.instant();
    Instant from = window.from();
    Instant earliest = window.to().minus(properties.maxWindow());
    if (from.isBefore(earliest)) {
      windowsTruncated.increment();
      log.error(
          "Events from {} to {} cannot be recovered: older than BACKFILL_MAX_WINDOW ({}), which"
              + " should match the recorder's purge_keep_days",
          from,
          earliest,
          properties.maxWindow());
      from = earliest;
    }
    Instant start = from;
    log.info(
        "Backfilling {} .. {} for {} entities from Home Assistant's recorder",
        start,
        window.to(),
        entityIds.size());
    Set<String> tailSeen = new HashSet<>();
    Instant tailFrom = latestOf(start, window.to().minus(properties.commitInterval()));
    Instant tailDue = window.to().plus(properties.commitInterval());
    Mono<Long> firstPass = query(current, start, window.to(), entityIds, tailFrom, tailSeen, null);
    Mono<Long> tailPass =
        tailDue.isAfter(now)
            ? Mono.delay(Duration.between(now, tailDue), scheduler)
                .then(
                    Mono.defer(
                        () ->
                            query(
                                current,
                                tailFrom,
                                window.to(),
                                entityIds,
                                tailFrom,
                                tailSeen,
                                tailSeen)))
            : Mono.just(0L);
    return firstPass
        .flatMap(first -> tailPass.map(tail -> first + tail))
        .flatMap(
            published -> {
              windowsFilled.increment();
              log.info("Backfilled {} events for {} .. {}", published, start, window.to());
              return Flux.fromIterable(window.gaps()).concatMap(gaps::remove).then();
            })
        .doOnError(e -> windowsFailed.increment());
  }

  private static Instant latestOf(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Asks for {@code [from, to]} in chunks and publishes the rows.
   *
   * @param remember rows at or after {@code tailFrom} are added to {@code seen}
   * @param skip rows in this set are not published again (the tail pass), or {@code null}
   */
  private Mono<Long> query(
      HaCommands current,
      Instant from,
      Instant to,
      List<String> entityIds,
      Instant tailFrom,
      Set<String> seen,
      Set<String> skip) {
    if (from.isAfter(to)) {
      return Mono.just(0L);
    }
    List<List<String>> entityChunks = new ArrayList<>();
    for (int i = 0; i < entityIds.size(); i += properties.entityChunk()) {
      entityChunks.add(
          entityIds.subList(i, Math.min(entityIds.size(), i + properties.entityChunk())));
    }
    // Each time chunk's span is decided when it is asked for: the answers before it adapt it.
    AtomicReference<Instant> next = new AtomicReference<>(from);
    return Flux.defer(
            () -> {
              Instant start = next.get();
              Instant end = start.plus(timeChunk.current()).minus(MICRO);
              Instant chunkEnd = end.isAfter(to) ? to : end;
              next.set(chunkEnd.plus(MICRO));
              Duration asked = Duration.between(start, chunkEnd).plus(MICRO);
              AtomicLong largest = new AtomicLong();
              return Flux.fromIterable(entityChunks)
                  .concatMap(ids -> history(current, start, chunkEnd, ids, asked, largest), 1)
                  .doOnComplete(() -> adaptTimeChunk(asked, largest.get()));
            })
        .repeat(() -> !next.get().isAfter(to))
        .concatMap(events -> publish(remembered(events, tailFrom, seen, skip)), 1)
        .reduce(0L, Long::sum);
  }

  private static List<StateChangedEvent> remembered(
      List<StateChangedEvent> events, Instant tailFrom, Set<String> seen, Set<String> skip) {
    List<StateChangedEvent> fresh = new ArrayList<>(events.size());
    for (StateChangedEvent event : events) {
      String identity = event.entityId() + "@" + HaTimestamps.toEpochMicros(event.timeFired());
      if (skip != null && skip.contains(identity)) {
        continue;
      }
      if (!event.timeFired().isBefore(tailFrom)) {
        seen.add(identity);
      }
      fresh.add(event);
    }
    return fresh;
  }

  /**
   * One request: rows with {@code from <= last_updated <= to} for the entities.
   *
   * @param asked the time chunk's span, for adapting it when the connection is lost
   * @param largest raised to the answer's frame length
   */
  private Flux<List<StateChangedEvent>> history(
      HaCommands current,
      Instant from,
      Instant to,
      List<String> entityIds,
      Duration asked,
      AtomicLong largest) {
    return current
        .call(
            "history/history_during_period",
            command -> {
              // HA's bounds are exclusive (start < last_updated < end).
              command.put("start_time", HaTimestamps.format(from.minus(MICRO)));
              command.put("end_time", HaTimestamps.format(to.plus(MICRO)));
              ArrayNode ids = command.putArray("entity_ids");
              entityIds.forEach(ids::add);
              // Defaults that would corrupt a backfill (HA_PROTOCOL.md §9): a synthetic row at
              // start_time, attribute-only changes dropped, a stripped row format.
              command.put("include_start_time_state", false);
              command.put("significant_changes_only", false);
              command.put("minimal_response", false);
              command.put("no_attributes", false);
            },
            properties.requestTimeout())
        .retryWhen(
            Retry.fixedDelay(properties.attempts() - 1, properties.retryDelay())
                .filter(e -> !(e instanceof ConnectionClosedException))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .doOnError(ConnectionClosedException.class, e -> lostDuringHistory(asked))
        .doOnNext(result -> largest.accumulateAndGet(result.frame().length(), Math::max))
        .flatMapMany(this::events);
  }

  /**
   * The connection ended while a history answer was due: if the answer was too large a frame, the
   * same request would end the next connection too.
   */
  private void lostDuringHistory(Duration asked) {
    Duration smaller = timeChunk.lost(asked);
    log.warn(
        "Connection lost during a history request for {}; asking for {} per request from now on,"
            + " in case the answer was larger than HA_MAX_FRAME_SIZE",
        asked,
        smaller);
  }

  private void adaptTimeChunk(Duration asked, long largestAnswer) {
    Duration before = timeChunk.current();
    Duration after = timeChunk.answered(asked, largestAnswer);
    if (!after.equals(before)) {
      log.debug(
          "History answers of up to {} chars for {}: asking for {} per request from now on",
          largestAnswer,
          asked,
          after);
    }
  }

  /**
   * The answer's events, a batch at a time: the next batch is read only when the publisher has
   * taken the last, so that a large answer never lies in the heap as events all at once.
   */
  private Flux<List<StateChangedEvent>> events(CommandResult result) {
    return Flux.<List<StateChangedEvent>, HistoryRows.Rows>generate(
            () -> rows.open(result, clock.instant()),
            (open, sink) -> {
              HistoryRows.Parsed batch = open.next(properties.batchSize());
              if (batch.isEmpty()) {
                sink.complete();
              } else {
                sink.next(kept(batch));
              }
              return open;
            },
            HistoryRows.Rows::close)
        // Read on the backfill thread: neither on the socket's (live events would wait) nor on the
        // publisher's, whose confirmations ask for the next batch.
        .subscribeOn(scheduler);
  }

  private List<StateChangedEvent> kept(HistoryRows.Parsed parsed) {
    parsed.rejections().forEach(deadLetters::reject);
    Shaping current = shaping.current();
    List<StateChangedEvent> kept = new ArrayList<>(parsed.events().size());
    for (StateChangedEvent event : parsed.events()) {
      if (current.admits(event.entityId())) {
        kept.add(current.shape(event));
      }
    }
    return kept;
  }

  private Mono<Long> publish(List<StateChangedEvent> events) {
    if (events.isEmpty()) {
      return Mono.just(0L);
    }
    List<List<StateChangedEvent>> batches = new ArrayList<>();
    for (int i = 0; i < events.size(); i += properties.batchSize()) {
      batches.add(events.subList(i, Math.min(events.size(), i + properties.batchSize())));
    }
    return Flux.fromIterable(batches)
        .concatMap(
            batch ->
                queue
                    .submit(batch)
                    .then(
                        Mono.fromRunnable(
                            () -> {
                              eventsBackfilled.increment(batch.size());
                              stats.count(
                                  PipelineStage.BACKFILLED,
                                  batch.stream().map(StateChangedEvent::entityId).toList());
                            }))
                    .thenReturn((long) batch.size()),
            1)
        .reduce(0L, Long::sum);
  }

  private static String describe(Throwable e) {
    return NestedExceptionUtils.getMostSpecificCause(e).toString();
  }

  // --- lifecycle ---

  @Override
  public synchronized void start() {
    if (running != null) {
      return;
    }
    scheduler = Schedulers.newSingle("backfill");
    Disposable overflow = buffer.overflowEnded().subscribe(gap -> trigger());
    // A safety net: gaps a failed run left behind are tried again while connected.
    Disposable recheck =
        Flux.interval(properties.recheckInterval(), properties.recheckInterval())
            .onBackpressureDrop()
            .filter(tick -> commands != null && (reconnectPending.get() || !gaps.open().isEmpty()))
            .subscribe(tick -> trigger());
    Disposable runs =
        triggers
            .asFlux()
            .publishOn(scheduler, 1)
            .concatMap(trigger -> run(), 1)
            .subscribe(null, e -> log.error("Backfill stopped unexpectedly", e));
    running =
        () -> {
          overflow.dispose();
          recheck.dispose();
          runs.dispose();
        };
  }

  @Override
  public synchronized void stop() {
    if (running != null) {
      running.dispose();
      running = null;
      scheduler.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }

  /** Stops with the HA client, before the publisher drains. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 100;
  }

  /** Overlapping gaps asked for together. */
  record Window(Instant from, Instant to, List<EventGap> gaps) {

    static List<Window> merge(List<EventGap> sorted, Duration slack) {
      List<Window> windows = new ArrayList<>();
      EventGap span = null;
      List<EventGap> members = new ArrayList<>();
      for (EventGap gap : sorted) {
        if (span != null && !span.overlaps(gap, slack)) {
          windows.add(new Window(span.from(), span.to(), List.copyOf(members)));
          span = null;
          members.clear();
        }
        span = span == null ? gap : span.merge(gap);
        members.add(gap);
      }
      if (span != null) {
        windows.add(new Window(span.from(), span.to(), List.copyOf(members)));
      }
      return windows;
    }
  }
}
