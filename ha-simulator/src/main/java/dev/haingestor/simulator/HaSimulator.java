package dev.haingestor.simulator;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.simulator.generator.EntityCatalog;
import dev.haingestor.simulator.generator.RestartBurst;
import dev.haingestor.simulator.generator.StateGenerator;
import dev.haingestor.simulator.history.RecorderHistory;
import dev.haingestor.simulator.protocol.CoreConfig;
import dev.haingestor.simulator.protocol.HaWebSocketServer;
import dev.haingestor.simulator.protocol.ProtocolSettings;
import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.MonotonicClock;
import dev.haingestor.simulator.states.StateChange;
import dev.haingestor.simulator.states.StateJson;
import dev.haingestor.simulator.states.StateMachine;
import dev.haingestor.simulator.states.StateUpdate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Home Assistant WebSocket API server with a seeded home behind it, for tests, demos and
 * benchmarks. See README.md for what is faithful to HA and what is simplified.
 *
 * <pre>{@code
 * try (HaSimulator ha = HaSimulator.builder().seed(7).start()) {
 *   connect(ha.websocketUri(), ha.token());
 *   ha.emit(100, 50);
 * }
 * }</pre>
 */
public final class HaSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HaSimulator.class);

  /** How long a restart refuses connections. */
  private static final Duration RESTART_DOWNTIME = Duration.ofMillis(300);

  /**
   * Events of a live start burst fired in one go, as HA fires what one step of its start sets
   * without yielding to the socket writers: the bound {@link PacedEmission} uses, far below HA's
   * 4096 pending messages, so a client that reads as fast as HA writes is never cut off.
   */
  private static final int BURST_SLICE = 1_000;

  /** A live burst's cut-offs are counted once it is handed over, or after this at the latest. */
  private static final Duration BURST_HAND_OVER_LIMIT = Duration.ofSeconds(60);

  /** emit() waits for the paced duration plus this. */
  private static final Duration EMIT_MARGIN = Duration.ofSeconds(30);

  private final String token;
  private final StateMachine states;
  private final StateGenerator generator;
  private final RestartBurst restartBurst;
  private final CoreConfig coreConfig;
  private final HaWebSocketServer server;
  private final ScheduledExecutorService emitter;
  private final Set<PacedEmission> emissions = ConcurrentHashMap.newKeySet();

  private HaSimulator(Builder builder) {
    this.token = builder.token;
    JsonMapper mapper = JsonMapper.builder().build();
    StateJson stateJson = new StateJson(mapper);
    this.states =
        new StateMachine(
            new MonotonicClock(builder.clock), builder.seed, builder.historyCapacity, stateJson);
    EntityCatalog catalog = EntityCatalog.create(builder.seed, builder.entityCount);
    int active =
        builder.activeEntityCount == 0
            ? builder.entityCount
            : Math.min(builder.activeEntityCount, builder.entityCount);
    this.generator = new StateGenerator(catalog, builder.seed, active);
    this.restartBurst = new RestartBurst(generator);
    this.coreConfig = new CoreConfig(ProtocolSettings.HA_VERSION, builder.haState);
    ProtocolSettings settings =
        new ProtocolSettings(
            builder.token,
            ProtocolSettings.HA_VERSION,
            builder.authTimeout,
            builder.protocolPingInterval,
            builder.protocolPongTimeout,
            builder.maxPending,
            builder.sustainedPending,
            builder.sustainedFor,
            builder.historyDelay);
    this.server =
        new HaWebSocketServer(
            settings,
            builder.bindAddress,
            builder.port,
            states,
            stateJson,
            new RecorderHistory(states, mapper, CoreConfig.TIME_ZONE),
            coreConfig,
            mapper);
    this.emitter =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ha-sim-emitter");
              thread.setDaemon(true);
              return thread;
            });
    states.preload(generator.initialStates());
    states.listener(server::broadcast);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening (on 127.0.0.1 unless the builder says otherwise). */
  public HaSimulator start() {
    try {
      server.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info("HA simulator listening on {}", websocketUri());
    return this;
  }

  /** {@code ws://127.0.0.1:<port>/api/websocket}. */
  public URI websocketUri() {
    String host = server.host().equals("0.0.0.0") ? "127.0.0.1" : server.host();
    return URI.create("ws://" + host + ":" + port() + HaWebSocketServer.PATH);
  }

  public int port() {
    return server.port();
  }

  public String token() {
    return token;
  }

  /**
   * Fires {@code count} generated events at the given rate, without blocking the caller. Events
   * fired while nobody is subscribed are still recorded (and missed by clients).
   *
   * @return completes when every event has been handed to every subscribed socket
   */
  public CompletableFuture<Void> emitAsync(int count, double eventsPerSecond) {
    return paced(count, eventsPerSecond, batch -> states.generate(batch, generator).handedOver());
  }

  /** {@link #emitAsync} and wait for it (paced duration plus 30 s at most). */
  public void emit(int count, double eventsPerSecond) {
    await(emitAsync(count, eventsPerSecond), count, eventsPerSecond);
  }

  private CompletableFuture<Void> paced(
      int count, double eventsPerSecond, IntFunction<CompletableFuture<Void>> emitBatch) {
    PacedEmission emission = new PacedEmission(count, eventsPerSecond, emitBatch);
    emissions.add(emission);
    CompletableFuture<Void> done = emission.start(emitter);
    done.whenComplete((ignored, error) -> emissions.remove(emission));
    return done;
  }

  private static void await(CompletableFuture<Void> done, int count, double eventsPerSecond) {
    Duration timeout =
        Duration.ofMillis((long) Math.ceil(count / eventsPerSecond * 1000)).plus(EMIT_MARGIN);
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while emitting", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("emitting failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "emitting " + count + " events did not finish within " + timeout, e);
    }
  }

  /**
   * Fires {@code count} generated events now, but sends them only when {@linkplain #releaseAsync
   * released}: for benchmarks, which keep the generation's cost out of their measured window. The
   * events are fired (recorded, counted, stamped) now; they wait as if in HA's send queue, and HA's
   * slow-client limits count them once released. Firing any other event first sends every held one;
   * a restart drops them (they stay in the history).
   *
   * @return how many events are held now
   */
  public int hold(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    return states.hold(count, generator);
  }

  /**
   * Sends the held events at the given rate, oldest first, without blocking the caller.
   *
   * @return completes when every event held at the call has been handed to every subscribed socket
   */
  public CompletableFuture<Void> releaseAsync(double eventsPerSecond) {
    return paced(states.heldCount(), eventsPerSecond, batch -> states.release(batch).handedOver());
  }

  /** {@link #releaseAsync} and wait for it (paced duration plus 30 s at most). */
  public void release(double eventsPerSecond) {
    int count = states.heldCount();
    await(releaseAsync(eventsPerSecond), count, eventsPerSecond);
  }

  /**
   * Fires one specific {@code state_changed}. A missing {@code friendly_name} is added, as HA
   * always has one.
   *
   * @throws IllegalArgumentException for an invalid entity id, or an unchanged state and attributes
   *     (HA fires no {@code state_changed} then)
   */
  public EmittedEvent emitState(String entityId, String state, Map<String, Object> attributes) {
    EntityIds.requireValid(entityId);
    Map<String, Object> withName = new LinkedHashMap<>(attributes == null ? Map.of() : attributes);
    if (!withName.containsKey("friendly_name")) {
      withName.put("friendly_name", friendlyName(entityId));
    }
    StateChange change = states.set(new StateUpdate(entityId, state, withName)).changes().get(0);
    return toEmitted(change);
  }

  private String friendlyName(String entityId) {
    return states
        .current(entityId)
        .map(current -> current.state().attributes().get("friendly_name"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .orElseGet(() -> EntityCatalog.title(EntityIds.objectId(entityId)));
  }

  /**
   * How many events were fired so far, including those the bounded history no longer holds: a
   * census that does not copy the history.
   */
  public long firedCount() {
    return states.firedCount();
  }

  /** Every event fired so far, oldest first (the newest {@code historyCapacity} of them). */
  public List<EmittedEvent> emitted() {
    return states.recorded().stream().map(HaSimulator::toEmitted).toList();
  }

  private static EmittedEvent toEmitted(StateChange change) {
    EntityState old = change.oldState();
    return new EmittedEvent(
        change.entityId(),
        change.timeFired(),
        change.newState().state(),
        old == null ? null : old.state(),
        change.eventJson());
  }

  /** Sends the text as one frame to every authenticated connection that has a subscription. */
  public void injectRawFrame(String text) {
    server.injectRawFrame(Objects.requireNonNull(text));
  }

  /**
   * Changes HA's slow-client limits (the builder's {@code slowClientLimits}) for connections opened
   * from now on; open connections keep theirs.
   */
  public void slowClientLimits(int maxPending, int sustainedPending, Duration sustainedFor) {
    server.slowClientLimits(maxPending, sustainedPending, sustainedFor);
  }

  /** HA's own slow-client limits again, for connections opened from now on. */
  public void haSlowClientLimits() {
    slowClientLimits(
        ProtocolSettings.HA_MAX_PENDING,
        ProtocolSettings.HA_PENDING_PEAK,
        ProtocolSettings.HA_PENDING_PEAK_TIME);
  }

  /** Drops every socket without a close frame, as a network blip does. */
  public void disconnectAll() {
    server.disconnectAll();
  }

  /**
   * An HA restart: drops every socket (no close frame), refuses connections briefly, listens again
   * on the same port, then fires the start burst: every entity with {@code old_state: null}, some
   * first as an {@code unavailable} placeholder with {@code restored: true}.
   */
  public void restart() {
    server.restart(RESTART_DOWNTIME);
    List<StateChange> burst = states.restart(restartBurst::plan).changes();
    log.info("HA simulator restarted: {} events in the start burst", burst.size());
  }

  /**
   * An HA restart whose start burst reaches connected clients, as in real HA: its WebSocket API
   * accepts clients while HA is still starting, and most of the burst is fired while they are
   * subscribed. Drops every socket (no close frame), refuses connections briefly, listens again on
   * the same port reporting {@code STARTING} in {@code get_config}, waits until as many
   * subscriptions are open as before the restart (at least one; at most {@code subscribeWait}, then
   * fires anyway, as HA waits for nobody), fires the burst — the {@code unavailable} placeholders
   * with {@code restored: true}, then every entity's real state, all with {@code old_state: null}
   * first — back to back in slices of 1,000 events, then reports {@code RUNNING}. HA's slow-client
   * limits stay active throughout; the cut-offs are counted.
   *
   * <p>Blocks until the burst was handed to the sockets (at most 60 s more).
   */
  public LiveBurst restartWithLiveBurst(Duration subscribeWait) {
    Objects.requireNonNull(subscribeWait, "subscribeWait");
    int expected = Math.max(1, server.subscriptionCount());
    long start = System.nanoTime();
    coreConfig.state("STARTING");
    List<EntityState> before = states.clear();
    server.restart(RESTART_DOWNTIME);
    boolean allBack;
    try {
      allBack = server.awaitSubscriptions(expected, subscribeWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      coreConfig.state("RUNNING");
      throw new IllegalStateException("interrupted while waiting for subscribers", e);
    }
    int subscribers = server.subscriptionCount();
    if (!allBack) {
      log.warn(
          "Live start burst: {} of {} subscriptions back within {}; firing anyway",
          subscribers,
          expected,
          subscribeWait);
    }
    Duration resubscribeTime = Duration.ofNanos(System.nanoTime() - start);

    List<StateUpdate> plan = restartBurst.plan(before);
    long cutOffsBefore = server.slowClientCutOffs();
    long fireStart = System.nanoTime();
    List<StateChange> fired = new ArrayList<>(plan.size());
    List<CompletableFuture<Void>> handedOver = new ArrayList<>();
    for (int from = 0; from < plan.size(); from += BURST_SLICE) {
      StateMachine.Emission slice =
          states.fire(plan.subList(from, Math.min(plan.size(), from + BURST_SLICE)));
      fired.addAll(slice.changes());
      handedOver.add(slice.handedOver());
    }
    coreConfig.state("RUNNING");
    awaitHandOver(CompletableFuture.allOf(handedOver.toArray(CompletableFuture[]::new)));
    Duration handOverTime = Duration.ofNanos(System.nanoTime() - fireStart);
    long cutOffs = server.slowClientCutOffs() - cutOffsBefore;
    log.info(
        "HA simulator restarted with a live start burst: {} events to {} subscriptions, handed"
            + " over in {} ms, {} slow-client cut-offs",
        fired.size(),
        subscribers,
        handOverTime.toMillis(),
        cutOffs);
    return new LiveBurst(
        subscribers,
        resubscribeTime,
        fired.stream().map(HaSimulator::toEmitted).toList(),
        handOverTime,
        cutOffs);
  }

  private static void awaitHandOver(CompletableFuture<Void> handedOver) {
    try {
      handedOver.get(BURST_HAND_OVER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing over the start burst", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("handing over the start burst failed", e.getCause());
    } catch (TimeoutException e) {
      log.warn("The live start burst was not handed over within {}", BURST_HAND_OVER_LIMIT);
    }
  }

  /** Connections closed by HA's slow-client limits since the simulator started. */
  public long slowClientCutOffs() {
    return server.slowClientCutOffs();
  }

  /**
   * From now on, {@code history/history_during_period} answers this much later, as a recorder busy
   * with a purge or a slow disk does (the builder's {@code historyDelay} is the initial value).
   * Queries already waiting keep the delay they got.
   */
  public void historyDelay(Duration delay) {
    server.historyDelay(delay);
  }

  /** What {@code get_config} reports as {@code state}: RUNNING, STARTING, ... */
  public void setHaState(String state) {
    coreConfig.state(requireText(state, "state"));
  }

  /** Authenticated, open connections. */
  public int connectionCount() {
    return server.connectionCount();
  }

  public int subscriptionCount() {
    return server.subscriptionCount();
  }

  /** The newest 10,000 client → server text messages, oldest first. */
  public List<String> receivedMessages() {
    return server.receivedMessages();
  }

  @Override
  public void close() {
    emissions.forEach(PacedEmission::cancel);
    emitter.shutdownNow();
    server.close();
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** Configuration; every default is HA's own value where HA has one. */
  public static final class Builder {

    private String token = "sim-token";
    private long seed = 42;
    private int entityCount = 60;
    private int activeEntityCount = 0;
    private int port = 0;
    private String bindAddress = "127.0.0.1";
    private Duration authTimeout = Duration.ofSeconds(10);
    private Duration protocolPingInterval = Duration.ofSeconds(55);
    private Duration protocolPongTimeout = Duration.ofMillis(27_500);
    private int historyCapacity = 100_000;
    private int maxPending = 4096;
    private int sustainedPending = 1024;
    private Duration sustainedFor = Duration.ofSeconds(10);
    private Duration historyDelay = Duration.ZERO;
    private String haState = "RUNNING";
    private InstantSource clock = Clock.systemUTC();

    private Builder() {}

    /** The long-lived access token clients must present (default {@code sim-token}). */
    public Builder token(String token) {
      this.token = requireText(token, "token");
      return this;
    }

    /** Same seed, same entities and the same sequence of values (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Entities across all simulated domains (default 60; at least one of each kind). */
    public Builder entityCount(int entityCount) {
      if (entityCount < EntityCatalog.MIN_ENTITIES || entityCount > EntityCatalog.MAX_ENTITIES) {
        throw new IllegalArgumentException(
            "entityCount must be within "
                + EntityCatalog.MIN_ENTITIES
                + ".."
                + EntityCatalog.MAX_ENTITIES
                + ": "
                + entityCount);
      }
      this.entityCount = entityCount;
      return this;
    }

    /**
     * Generated events change only the first {@code activeEntityCount} entities of the home
     * (default 0: all); the rest keep their state until a restart or {@code emitState}, as most
     * entities of a large home rarely change. Lets a home be large for a restart burst while the
     * load touches the same entities as a smaller home.
     */
    public Builder activeEntityCount(int activeEntityCount) {
      if (activeEntityCount < 0) {
        throw new IllegalArgumentException(
            "activeEntityCount must not be negative: " + activeEntityCount);
      }
      this.activeEntityCount = activeEntityCount;
      return this;
    }

    /** Port to listen on; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Address to listen on (default 127.0.0.1; 0.0.0.0 in a container). */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = requireText(bindAddress, "bindAddress");
      return this;
    }

    /** Time a client has to authenticate before HA closes the socket (default 10 s). */
    public Builder authTimeout(Duration authTimeout) {
      this.authTimeout = positive(authTimeout, "authTimeout");
      return this;
    }

    /** Quiet time after which a protocol-level PING is sent (default 55 s). */
    public Builder protocolPingInterval(Duration interval) {
      this.protocolPingInterval = positive(interval, "protocolPingInterval");
      return this;
    }

    /** Time to wait for the PONG before dropping the socket (default 27.5 s). */
    public Builder protocolPongTimeout(Duration timeout) {
      this.protocolPongTimeout = positive(timeout, "protocolPongTimeout");
      return this;
    }

    /** Events kept for {@code emitted()} and the history command (default 100,000). */
    public Builder historyCapacity(int historyCapacity) {
      if (historyCapacity < 1) {
        throw new IllegalArgumentException("historyCapacity must be positive: " + historyCapacity);
      }
      this.historyCapacity = historyCapacity;
      return this;
    }

    /**
     * HA's slow-client cut-off: a connection whose queue reaches {@code maxPending} (4096), or
     * stays at or above {@code sustainedPending} (1024) for {@code sustainedFor} (10 s), is closed.
     */
    public Builder slowClientLimits(int maxPending, int sustainedPending, Duration sustainedFor) {
      if (maxPending < 1 || sustainedPending < 1) {
        throw new IllegalArgumentException("pending limits must be positive");
      }
      this.maxPending = maxPending;
      this.sustainedPending = sustainedPending;
      this.sustainedFor = positive(sustainedFor, "sustainedFor");
      return this;
    }

    /** Extra delay before history answers, as a busy recorder takes (default none). */
    public Builder historyDelay(Duration historyDelay) {
      Objects.requireNonNull(historyDelay, "historyDelay");
      if (historyDelay.isNegative()) {
        throw new IllegalArgumentException("historyDelay must not be negative");
      }
      this.historyDelay = historyDelay;
      return this;
    }

    /** What {@code get_config} reports as {@code state} (default RUNNING). */
    public Builder haState(String haState) {
      this.haState = requireText(haState, "haState");
      return this;
    }

    /** The wall clock event times follow; for tests of exact timestamps. */
    Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public HaSimulator build() {
      return new HaSimulator(this);
    }

    public HaSimulator start() {
      return build().start();
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }
  }
}
