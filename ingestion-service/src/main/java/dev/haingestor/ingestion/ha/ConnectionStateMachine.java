package dev.haingestor.ingestion.ha;

import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The single source of truth for the connection state, read by health, heartbeat and the {@value
 * MetricNames#INGESTION_CONNECTION_STATE} gauge (one series per state, tag {@code state}, 1 for the
 * current state and 0 otherwise, so a dashboard can show the state as a timeline). Only the
 * transitions of {@link ConnectionState} are allowed; once {@link #close() closed}, late signals
 * from a connection being torn down are ignored.
 */
@Component
public class ConnectionStateMachine {

  public static final String STATE_TAG = "state";

  private static final Logger log = LoggerFactory.getLogger(ConnectionStateMachine.class);

  private final Clock clock;
  private volatile ConnectionStatus status;
  private volatile Instant lastEventAt;
  private volatile String haState;
  // Newest event read before the earliest subscription whose reconnect window is not yet recorded.
  private Instant lastEventBeforeSubscribe; // guarded by this
  private boolean reconnectWindowPending; // guarded by this
  private long subscriptions; // guarded by this
  // The first event read after the latest subscription: where a reconnect's backfill window ends.
  private volatile Sinks.One<Instant> firstEventAfterSubscribe = Sinks.one();
  private boolean closed; // guarded by this

  public ConnectionStateMachine(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.status = new ConnectionStatus(ConnectionState.DISCONNECTED, null, clock.instant());
    for (ConnectionState state : ConnectionState.values()) {
      Gauge.builder(
              MetricNames.INGESTION_CONNECTION_STATE,
              this,
              machine -> machine.status.state() == state ? 1 : 0)
          .tag(STATE_TAG, state.wireName())
          .description("1 for the current state of the connection to Home Assistant, else 0")
          .register(registry);
    }
  }

  public ConnectionStatus status() {
    return status;
  }

  public ConnectionState state() {
    return status.state();
  }

  /**
   * Moves to {@code next} if the transition is allowed.
   *
   * @return whether the state changed
   */
  public synchronized boolean moveTo(ConnectionState next, String reason) {
    if (closed) {
      return false;
    }
    ConnectionState current = status.state();
    if (!current.canMoveTo(next)) {
      log.warn("Ignoring connection state change {} -> {} ({})", current, next, reason);
      return false;
    }
    if (next == ConnectionState.SUBSCRIBED) {
      // On the reader's thread, before the first event of the new subscription is handled. A
      // window not yet recorded keeps its start: the connection after it may also end before
      // the backfill gets to it, and the events missed before that one would be in no window.
      if (!reconnectWindowPending) {
        lastEventBeforeSubscribe = lastEventAt;
        reconnectWindowPending = true;
      }
      subscriptions++;
      firstEventAfterSubscribe = Sinks.one();
    }
    status = new ConnectionStatus(next, reason, clock.instant());
    log.debug("Connection state {} -> {}{}", current, next, reason == null ? "" : ": " + reason);
    return true;
  }

  /** Final move to {@link ConnectionState#DISCONNECTED} on shutdown. */
  public synchronized void close() {
    if (!closed) {
      status = new ConnectionStatus(ConnectionState.DISCONNECTED, "stopped", clock.instant());
      closed = true;
    }
  }

  /** Records the {@code time_fired} of an event read from HA. */
  public void eventRead(Instant timeFired) {
    Instant last = lastEventAt;
    if (last == null || timeFired.isAfter(last)) {
      lastEventAt = timeFired;
    }
    Sinks.One<Instant> first = firstEventAfterSubscribe;
    if (status.state() == ConnectionState.SUBSCRIBED) {
      first.tryEmitValue(timeFired); // fails harmlessly for every later event
    }
  }

  /**
   * The {@code time_fired} of the first event read after the current subscription; completes when
   * it arrives (at once if it already did).
   */
  public Mono<Instant> firstEventAfterSubscribe() {
    return Mono.defer(() -> firstEventAfterSubscribe.asMono());
  }

  /**
   * Where the reconnect window starts: the newest {@code time_fired} read before the earliest
   * subscription whose window is not yet {@linkplain #reconnectWindowRecorded recorded} (the
   * current one, unless a connection ended before its window was recorded). Every event up to it
   * has been handed to the buffer (which publishes it or records it as a gap) or filtered out.
   */
  public synchronized ReconnectWindowStart reconnectWindowStart() {
    return new ReconnectWindowStart(Optional.ofNullable(lastEventBeforeSubscribe), subscriptions);
  }

  /**
   * The backfill recorded the window that {@code start} began: the next subscription starts a new
   * one, unless a subscription came after {@code start} was taken (then its window still starts
   * there, as nothing recorded covers it yet).
   *
   * @return whether the window is closed; if not, the checkpoint must stay held
   */
  public synchronized boolean reconnectWindowRecorded(ReconnectWindowStart start) {
    if (start.subscription() != subscriptions) {
      return false;
    }
    reconnectWindowPending = false;
    return true;
  }

  /**
   * @param lastEventRead the newest {@code time_fired} read before the window, if any was read
   * @param subscription which subscription it was taken at
   */
  public record ReconnectWindowStart(Optional<Instant> lastEventRead, long subscription) {}

  /** What HA's {@code get_config} last reported as {@code state}, e.g. {@code RUNNING}. */
  public Optional<String> haState() {
    return Optional.ofNullable(haState);
  }

  void haState(String state) {
    this.haState = state;
  }

  /** The newest {@code time_fired} read from HA since start. */
  public Optional<Instant> lastEventAt() {
    return Optional.ofNullable(lastEventAt);
  }
}
