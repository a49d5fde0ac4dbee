package dev.haingestor.ingestion.snapshot;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaStateJson;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.buffer.BackfillQueue;
import dev.haingestor.ingestion.ha.CommandResult;
import dev.haingestor.ingestion.ha.HaCommands;
import dev.haingestor.ingestion.ha.HaConnectionListener;
import dev.haingestor.ingestion.ha.HaProperties;
import dev.haingestor.ingestion.shaping.Shaping;
import dev.haingestor.ingestion.shaping.ShapingHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Current states from {@code get_states}, published so that sparse sensors have a value where
 * dashboards look (HA users' most requested missing feature):
 *
 * <ul>
 *   <li><b>Startup snapshot</b> ({@code SNAPSHOT_ON_START}): once per process, when HA first runs,
 *       every entity's current state at its own {@code last_updated}, as {@code source=backfill}.
 *       Its time is the state's real one, so it overwrites an existing point instead of adding a
 *       fake one (HA's integration re-writes the last value at every restart; this does not).
 *   <li><b>Periodic re-publish</b> ({@code REPUBLISH_INTERVAL}): every interval, each entity whose
 *       state has not changed for a whole interval gets a point at the tick, so a dashboard range
 *       of that length always holds a value. To appear in the range the point needs a new time:
 *       {@code time_fired} and {@code new_state.last_updated} are the tick, {@code last_changed}
 *       stays the real one, and the entry carries {@value #REPUBLISHED_FROM} = the real {@code
 *       last_updated}, so consumers can tell it from a change. Ticks are aligned to multiples of
 *       the interval since the epoch, so a retry or a second instance writes the same point
 *       (idempotent), never a second one.
 * </ul>
 *
 * Both go through the publisher's backfill lane and honour the entity filter and attribute lists.
 */
@Component
public class StateSnapshots implements HaConnectionListener, SmartLifecycle {

  /** Stream entry field of a re-published state: its real {@code last_updated}. */
  public static final String REPUBLISHED_FROM = "republished_from";

  /** How often the re-publish schedule is checked; the interval itself can change at runtime. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

  private static final int BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(StateSnapshots.class);

  private final ShapingHolder shaping;
  private final BackfillQueue queue;
  private final Duration timeout;
  private final JsonMapper mapper;
  private final HaStateJson stateJson;
  private final Clock clock;
  private final Counter republished;
  private final AtomicBoolean snapshotDone = new AtomicBoolean();
  private volatile HaCommands commands;
  private volatile Instant lastTick;
  private Disposable ticking;
  private Scheduler scheduler;

  public StateSnapshots(
      ShapingHolder shaping,
      BackfillQueue queue,
      HaProperties ha,
      JsonMapper mapper,
      MeterRegistry registry,
      Clock clock) {
    this.shaping = shaping;
    this.queue = queue;
    this.timeout = ha.commandTimeout();
    this.mapper = mapper;
    this.stateJson = new HaStateJson(mapper);
    this.clock = clock;
    this.republished =
        Counter.builder(MetricNames.INGESTION_EVENTS_REPUBLISHED)
            .description("Unchanged states re-published with a new time (REPUBLISH_INTERVAL)")
            .register(registry);
  }

  @Override
  public void onRunning(HaCommands commands) {
    this.commands = commands;
    if (shaping.current().snapshotOnStart() && snapshotDone.compareAndSet(false, true)) {
      snapshot(commands)
          .subscribeOn(scheduler)
          .subscribe(
              count -> log.info("Startup snapshot: published the state of {} entities", count),
              e -> {
                snapshotDone.set(false); // try again on the next connection
                log.warn("Startup snapshot failed ({}); retried on reconnect", describe(e));
              });
    }
  }

  @Override
  public void onDisconnected() {
    this.commands = null;
  }

  Mono<Long> snapshot(HaCommands current) {
    return states(current)
        .map(states -> states.stream().map(state -> event(state, state.lastUpdated())).toList())
        .flatMap(events -> publish(events, List.of()));
  }

  /**
   * Re-publishes unchanged states for the tick of {@code now}, if the interval is on and that tick
   * was not done yet; empty when nothing was due.
   */
  Mono<Long> republishIfDue(HaCommands current, Instant now) {
    Duration interval = shaping.current().republishInterval();
    if (interval.isZero() || interval.isNegative() || current == null) {
      return Mono.empty();
    }
    long intervalMillis = interval.toMillis();
    Instant tick =
        Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), intervalMillis) * intervalMillis);
    if (lastTick != null && !tick.isAfter(lastTick)) {
      return Mono.empty();
    }
    if (lastTick == null) {
      lastTick = tick; // the first tick after start only sets the schedule
      return Mono.empty();
    }
    Instant unchangedSince = tick.minus(interval);
    return states(current)
        .flatMap(
            states -> {
              List<StateChangedEvent> due = new ArrayList<>();
              for (HaState state : states) {
                if (!state.lastUpdated().isAfter(unchangedSince)) {
                  due.add(event(restamped(state, tick), tick));
                }
              }
              lastTick = tick;
              return publishRepublished(due, states);
            })
        .doOnNext(republished::increment)
        .map(Double::longValue);
  }

  private Mono<Double> publishRepublished(List<StateChangedEvent> due, List<HaState> states) {
    Map<String, Instant> original = new HashMap<>();
    states.forEach(state -> original.put(state.entityId(), state.lastUpdated()));
    List<Map<String, String>> markers =
        due.stream()
            .map(
                event ->
                    Map.of(REPUBLISHED_FROM, HaTimestamps.format(original.get(event.entityId()))))
            .toList();
    return publish(due, markers).map(Long::doubleValue);
  }

  private static HaState restamped(HaState state, Instant tick) {
    return new HaState(
        state.entityId(), state.state(), state.attributes(), state.lastChanged(), tick);
  }

  private StateChangedEvent event(HaState state, Instant time) {
    return new StateChangedEvent(
        state.entityId(), time, state, EventSource.BACKFILL, clock.instant());
  }

  /** Current states that pass the entity filter, shaped. */
  private Mono<List<HaState>> states(HaCommands current) {
    return current
        .call("get_states", command -> {}, timeout)
        .publishOn(scheduler)
        .map(this::admittedStates);
  }

  /**
   * The states of a {@code get_states} answer, read one at a time from the frame: the answer can be
   * megabytes, and a tree of it would be several times that on top of the states kept.
   */
  private List<HaState> admittedStates(CommandResult result) {
    Shaping now = shaping.current();
    List<HaState> states = new ArrayList<>();
    result.forEachResultObject(
        mapper,
        object -> {
          try {
            HaState state = stateJson.read(object); // reads the whole object, usable or not
            if (now.admits(state.entityId())) {
              states.add(now.shape(event(state, state.lastUpdated())).newState());
            }
          } catch (InvalidEventException e) {
            log.debug("Skipping an unusable state in get_states: {}", e.getMessage());
          }
        });
    return states;
  }

  /**
   * @param extraFields empty, or one map per event
   */
  private Mono<Long> publish(
      List<StateChangedEvent> events, List<Map<String, String>> extraFields) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < events.size(); i += BATCH) {
      starts.add(i);
    }
    return Flux.fromIterable(starts)
        .concatMap(
            start -> {
              int end = Math.min(events.size(), start + BATCH);
              return queue
                  .submit(
                      events.subList(start, end),
                      extraFields.isEmpty() ? List.of() : extraFields.subList(start, end))
                  .thenReturn((long) (end - start));
            },
            1)
        .reduce(0L, Long::sum);
  }

  private static String describe(Throwable e) {
    return NestedExceptionUtils.getMostSpecificCause(e).toString();
  }

  @Override
  public synchronized void start() {
    if (ticking == null) {
      scheduler = Schedulers.newSingle("state-snapshots");
      ticking =
          Flux.interval(CHECK_INTERVAL, scheduler)
              .onBackpressureDrop()
              .concatMap(
                  tick ->
                      republishIfDue(commands, clock.instant())
                          .doOnNext(count -> log.debug("Re-published {} unchanged states", count))
                          .onErrorResume(
                              e -> {
                                log.warn("Re-publish failed ({}); next tick", describe(e));
                                return Mono.empty();
                              }),
                  1)
              .subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    if (ticking != null) {
      ticking.dispose();
      ticking = null;
      scheduler.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return ticking != null;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 100;
  }
}
