package dev.haingestor.ingestion.ha;

import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps one WebSocket connection to Home Assistant subscribed to {@code state_changed}, for as long
 * as the service runs: connect, authenticate, subscribe ({@link HaSession}), read until the
 * connection ends, then wait — exponential back-off with jitter after a failure, the long
 * auth-retry delay after HA refused the token — and start over. Every step is reflected in the
 * {@link ConnectionStateMachine}.
 *
 * <p>Once subscribed, HA's {@code get_config} is asked for its {@code state}; while HA is still
 * starting (anything but {@code RUNNING}) events are read as usual, but the {@link
 * HaConnectionListener}s (backfill, snapshot) are told only once it runs, because the recorder and
 * the state machine are complete only then.
 *
 * <p>Frames are parsed on the socket's thread and handed on without blocking. Protocol-level PINGs
 * from HA are answered by Reactor Netty itself ({@code handlePing(false)}, the default), which HA
 * requires within 27.5 s (HA_PROTOCOL.md §1); liveness in the other direction is checked with HA's
 * application-level {@code ping}.
 */
@Component
public class HaClient implements SmartLifecycle {

  /** Stops first, so that the publisher can drain what was read. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

  private static final Logger log = LoggerFactory.getLogger(HaClient.class);

  private final HaProperties properties;
  private final URI uri;
  private final HaFrameParser parser;
  private final HaEventListener listener;
  private final ConnectionStateMachine connection;
  private final JsonMapper mapper;
  private final Clock clock;
  private final ReconnectBackoff backoff;
  private final Counter reconnects;
  private final Counter frames;
  private final DistributionSummary messagesPerFrame;
  private final List<HaConnectionListener> connectionListeners;
  private final HttpClient httpClient;
  private final WebsocketClientSpec websocketSpec;

  private volatile boolean running;
  private volatile Instant outageSince;
  // The current connection's: read when it has ended.
  private volatile FrameLimitWatcher frameLimit;
  private int attempts; // touched by the loop only, one attempt at a time
  private long connections; // idem
  private Disposable loop;

  public HaClient(
      HaProperties properties,
      HaFrameParser parser,
      HaEventListener listener,
      ConnectionStateMachine connection,
      ObjectProvider<HaConnectionListener> connectionListeners,
      JsonMapper mapper,
      Clock clock,
      MeterRegistry registry) {
    this.properties = properties;
    this.uri = WebSocketUrl.derive(properties.url());
    // Fail at startup, not at the first connection, when the token file is missing or empty.
    AccessToken.resolve(properties);
    this.parser = parser;
    this.listener = listener;
    this.connection = connection;
    this.mapper = mapper;
    this.clock = clock;
    this.backoff =
        new ReconnectBackoff(properties.reconnectMinDelay(), properties.reconnectMaxDelay());
    this.reconnects =
        Counter.builder(MetricNames.INGESTION_RECONNECTS)
            .description("Connection attempts to Home Assistant after the first")
            .register(registry);
    this.frames =
        Counter.builder(MetricNames.INGESTION_FRAMES)
            .description("WebSocket text frames read from Home Assistant")
            .register(registry);
    this.messagesPerFrame =
        DistributionSummary.builder(MetricNames.INGESTION_FRAME_MESSAGES)
            .description("Messages per frame (more than 1 when HA coalesces)")
            .register(registry);
    this.connectionListeners = connectionListeners.orderedStream().toList();
    this.httpClient =
        HttpClient.newConnection()
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, properties.connectTimeout().toMillis()));
    this.websocketSpec =
        WebsocketClientSpec.builder()
            // HA does not cap outgoing frames: get_states and coalesced frames can be several MB.
            .maxFramePayloadLength((int) properties.maxFrameSize().toBytes())
            .build();
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    log.info("Connecting to Home Assistant at {}", uri);
    loop =
        Mono.defer(this::connectThenPause)
            .repeat(() -> running)
            .subscribe(
                null, e -> log.error("HA connection loop stopped unexpectedly: no more events", e));
  }

  private Mono<Void> connectThenPause() {
    return connectOnce()
        .then(
            Mono.<Throwable>fromSupplier(
                () -> new ConnectionClosedException("Home Assistant closed the connection")))
        .onErrorResume(Mono::just)
        .map(this::frameLimitOr)
        .flatMap(this::pauseAfter);
  }

  /** The real reason when a message larger than the frame limit ended the connection. */
  private Throwable frameLimitOr(Throwable cause) {
    FrameLimitWatcher watcher = frameLimit;
    if (watcher == null || !watcher.exceeded(cause)) {
      return cause;
    }
    return new HaProtocolException(
        "Home Assistant sent a message larger than HA_MAX_FRAME_SIZE ("
            + readable(properties.maxFrameSize())
            + "); raise HA_MAX_FRAME_SIZE");
  }

  /** As the setting is written: 16MB, not 16777216B. */
  private static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
      return size.toMegabytes() + "MB";
    }
    return bytes % DataSize.ofKilobytes(1).toBytes() == 0 ? size.toKilobytes() + "KB" : bytes + "B";
  }

  /** One connection, from TCP connect until it ends; completes when HA closes it. */
  private Mono<Void> connectOnce() {
    return Mono.defer(
        () -> {
          if (attempts++ > 0) {
            reconnects.increment();
          }
          frameLimit = null;
          connection.moveTo(ConnectionState.CONNECTING, null);
          AccessToken token = AccessToken.resolve(properties); // re-read: the file may be fixed
          Sinks.One<Void> subscribed = Sinks.one();
          Mono<Void> connected =
              httpClient
                  .websocket(websocketSpec)
                  .uri(uri)
                  .handle((in, out) -> session(in, out, token, subscribed))
                  .then();
          // Bounds TCP connect, WebSocket handshake, auth and subscription together.
          Mono<Void> deadline =
              subscribed
                  .asMono()
                  .timeout(
                      properties.connectTimeout(),
                      Mono.error(
                          () ->
                              new HaProtocolException(
                                  "not subscribed within " + properties.connectTimeout())))
                  .then(Mono.never());
          return Mono.firstWithSignal(connected, deadline);
        });
  }

  private Publisher<Void> session(
      WebsocketInbound in, WebsocketOutbound out, AccessToken token, Sinks.One<Void> subscribed) {
    connection.moveTo(ConnectionState.AUTHENTICATING, null);
    FrameLimitWatcher watcher = new FrameLimitWatcher();
    frameLimit = watcher;
    in.withConnection(
        c -> {
          if (!watcher.watch(c.channel().pipeline())) {
            log.debug("No WebSocket decoder in the pipeline: frame limit not watched");
          }
        });
    HaSession session =
        new HaSession(
            token,
            new CommandWriter(mapper),
            parser,
            listener,
            clock,
            properties.eventTypes(),
            ++connections);
    AtomicBoolean announced = new AtomicBoolean();
    // Why the session failed, if it did. Recorded before signalling: cancelling the inbound side
    // makes Reactor Netty complete the outbound side first, which would otherwise look like a
    // plain close by HA and hide, say, an auth_invalid.
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Mono<Void> reading =
        in.aggregateFrames((int) properties.maxFrameSize().toBytes())
            .receiveFrames()
            .<Void>handle(
                (frame, sink) -> {
                  if (frame instanceof TextWebSocketFrame text) {
                    try {
                      frames.increment();
                      // Read from the frame's bytes: released when this handler returns.
                      messagesPerFrame.record(session.onFrame(FrameText.utf8(text.content())));
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                      sink.error(e);
                    }
                  }
                })
            .then();
    Mono<Void> writing = out.sendString(session.outgoing()).then();
    Mono<Void> heartbeat =
        session
            .subscribed()
            .doOnSuccess(
                v -> {
                  onSubscribed();
                  subscribed.tryEmitEmpty();
                })
            .then(
                Mono.when(
                    session.heartbeat(
                        properties.heartbeatInterval(), properties.heartbeatTimeout()),
                    announceWhenRunning(session, announced)));
    // Whichever ends first ends the connection: HA closing, a write failing, a missed pong.
    return Mono.firstWithSignal(reading, writing, heartbeat)
        .then(
            Mono.defer(
                () -> failure.get() == null ? Mono.<Void>empty() : Mono.error(failure.get())))
        .onErrorMap(e -> failure.get() == null ? e : failure.get())
        .doFinally(
            signal -> {
              session.close();
              if (announced.get()) {
                connectionListeners.forEach(HaConnectionListener::onDisconnected);
              }
            });
  }

  /**
   * Asks {@code get_config} until HA reports {@code RUNNING}, then tells the listeners. Never
   * completes (it lives as long as the connection); never fails the connection: if HA does not
   * answer, the heartbeat notices a dead connection, and a missing {@code state} counts as running.
   */
  private Mono<Void> announceWhenRunning(HaSession session, AtomicBoolean announced) {
    return Flux.interval(Duration.ZERO, properties.startupPollInterval())
        .onBackpressureDrop()
        .concatMap(tick -> haState(session), 1)
        .takeUntil("RUNNING"::equals)
        .last("RUNNING")
        .doOnNext(
            state -> {
              if (announced.compareAndSet(false, true)) {
                connectionListeners.forEach(listener -> listener.onRunning(session));
              }
            })
        .then(Mono.never());
  }

  private Mono<String> haState(HaSession session) {
    return session
        .call("get_config", command -> {}, properties.commandTimeout())
        .map(result -> result.result().path("state").asString("RUNNING"))
        .onErrorResume(
            HaCommandException.class,
            e -> {
              log.warn(
                  "get_config failed ({}); assuming Home Assistant is running", e.getMessage());
              return Mono.just("RUNNING");
            })
        .doOnNext(
            state -> {
              String previous = connection.haState().orElse(null);
              connection.haState(state);
              if (!"RUNNING".equals(state) && !state.equals(previous)) {
                log.info(
                    "Home Assistant reports state {}: reading events, backfill waits for RUNNING",
                    state);
              }
            });
  }

  private void onSubscribed() {
    connection.moveTo(ConnectionState.SUBSCRIBED, null);
    connectionListeners.forEach(HaConnectionListener::onSubscribed);
    int failures = backoff.failures();
    backoff.reset();
    Instant since = outageSince;
    outageSince = null;
    if (since == null) {
      log.info("Subscribed to state_changed events at {}", uri);
    } else {
      log.info(
          "Subscribed to state_changed events at {} again after {} ({} failed attempts)",
          uri,
          Duration.between(since, clock.instant()),
          failures);
    }
  }

  private Mono<Void> pauseAfter(Throwable cause) {
    if (!running) {
      return Mono.empty();
    }
    if (cause instanceof AuthenticationFailedException) {
      connection.moveTo(ConnectionState.AUTH_FAILED, cause.getMessage());
      log.error(
          "{}. Fix HA_TOKEN or HA_TOKEN_FILE; next attempt in {} (HA bans addresses after"
              + " repeated failed logins)",
          cause.getMessage(),
          properties.authRetryDelay());
      return Mono.delay(properties.authRetryDelay()).then();
    }
    Duration delay = backoff.nextDelay();
    String reason = describe(cause);
    connection.moveTo(ConnectionState.BACKING_OFF, reason);
    logConnectionLost(cause, reason, delay);
    return Mono.delay(delay).then();
  }

  /** Once per outage at WARN; every further failed attempt at DEBUG. */
  private void logConnectionLost(Throwable cause, String reason, Duration delay) {
    boolean expected =
        cause instanceof HaConnectionException
            || cause instanceof IOException
            || cause instanceof WebSocketHandshakeException
            || cause instanceof TimeoutException;
    if (outageSince == null) {
      outageSince = clock.instant();
      if (expected) {
        log.warn(
            "Connection to Home Assistant at {} lost: {}; reconnecting in {} with back-off up to {}",
            uri,
            reason,
            delay,
            properties.reconnectMaxDelay());
      } else {
        log.warn(
            "Connection to Home Assistant at {} failed unexpectedly; reconnecting in {}",
            uri,
            delay,
            cause);
      }
    } else {
      log.debug("Connection attempt to {} failed: {}; next in {}", uri, reason, delay);
    }
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    if (cause instanceof HaConnectionException) {
      return message;
    }
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (loop != null) {
      loop.dispose();
      loop = null;
    }
    connection.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The WebSocket endpoint derived from {@code HA_URL}. */
  public URI uri() {
    return uri;
  }
}
