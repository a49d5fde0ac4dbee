package dev.haingestor.ingestion.ha;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The protocol of one connection, driven by incoming frames: answer {@code auth_required} with the
 * token; after {@code auth_ok} enable coalescing ({@code supported_features}) and subscribe to
 * {@code state_changed}; then hand events to the listener and keep an application-level ping going.
 * Frames arrive one at a time on the socket's thread; a fatal outcome is thrown as a {@link
 * HaConnectionException}, which ends the connection.
 */
final class HaSession {

  private static final Logger log = LoggerFactory.getLogger(HaSession.class);

  private enum Phase {
    AWAITING_AUTH_REQUIRED,
    AUTHENTICATING,
    SUBSCRIBING,
    SUBSCRIBED
  }

  private final AccessToken token;
  private final CommandWriter writer;
  private final HaFrameParser parser;
  private final HaEventListener listener;
  private final Clock clock;
  private final Sinks.One<Void> subscribed = Sinks.one();
  // Latest pong id, replayed to a ping that subscribes after its pong already arrived.
  private final Sinks.Many<Integer> pongs = Sinks.many().replay().latest();

  // Touched only by the thread reading frames.
  private Phase phase = Phase.AWAITING_AUTH_REQUIRED;
  private int featuresId = -1;
  private int subscribeId = -1;

  HaSession(
      AccessToken token,
      CommandWriter writer,
      HaFrameParser parser,
      HaEventListener listener,
      Clock clock) {
    this.token = token;
    this.writer = writer;
    this.parser = parser;
    this.listener = listener;
    this.clock = clock;
  }

  /** The frames to send to HA, in order; subscribe once. */
  Flux<String> outgoing() {
    return writer.frames();
  }

  /** Completes once the subscription is confirmed. */
  Mono<Void> subscribed() {
    return subscribed.asMono();
  }

  /**
   * Handles one text frame.
   *
   * @throws HaConnectionException when the connection must end
   */
  void onFrame(String frame) {
    List<HaMessage> messages = parser.parse(frame, clock.instant());
    for (HaMessage message : messages) {
      handle(message);
    }
  }

  // Java 17: no pattern matching for switch yet.
  private void handle(HaMessage message) {
    if (message instanceof HaMessage.StateChanged changed) {
      listener.onEvent(changed.event());
    } else if (message instanceof HaMessage.Rejected rejected) {
      listener.onRejected(rejected.rejection());
    } else if (message instanceof HaMessage.Pong pong) {
      pongs.tryEmitNext(pong.id());
    } else if (message instanceof HaMessage.Result result) {
      onResult(result);
    } else if (message instanceof HaMessage.AuthRequired) {
      onAuthRequired();
    } else if (message instanceof HaMessage.AuthOk) {
      onAuthOk();
    } else if (message instanceof HaMessage.AuthInvalid invalid) {
      throw new AuthenticationFailedException(
          "Home Assistant refused the access token: " + invalid.message(), null);
    } else if (message instanceof HaMessage.Ignored ignored) {
      log.trace("Skipping HA message {}", ignored.type());
    }
  }

  private void onAuthRequired() {
    if (phase != Phase.AWAITING_AUTH_REQUIRED) {
      throw new HaProtocolException("unexpected auth_required in phase " + phase);
    }
    phase = Phase.AUTHENTICATING;
    writer.sendAuth(token);
  }

  private void onAuthOk() {
    if (phase != Phase.AUTHENTICATING) {
      throw new HaProtocolException("unexpected auth_ok in phase " + phase);
    }
    phase = Phase.SUBSCRIBING;
    // From now on HA may send a JSON array of messages in one frame (HA_PROTOCOL.md §4).
    featuresId =
        writer.send(
            "supported_features",
            command -> command.putObject("features").put("coalesce_messages", 1));
    subscribeId =
        writer.send(
            "subscribe_events", command -> command.put("event_type", HaFrameParser.STATE_CHANGED));
  }

  private void onResult(HaMessage.Result result) {
    if (result.id() == subscribeId) {
      if (!result.success()) {
        throw new HaProtocolException("subscribe_events failed: " + result.error());
      }
      phase = Phase.SUBSCRIBED;
      subscribed.tryEmitEmpty();
    } else if (result.id() == featuresId && !result.success()) {
      // Older HA: frames keep coming one message each, which the parser accepts as well.
      log.warn("Home Assistant did not enable message coalescing: {}", result.error());
    } else if (!result.success()) {
      log.warn("Home Assistant answered command {} with an error: {}", result.id(), result.error());
    }
  }

  /**
   * Sends {@code ping} every {@code interval} and fails with {@link HeartbeatTimeoutException} when
   * a {@code pong} does not arrive within {@code timeout}. Never completes.
   */
  Mono<Void> heartbeat(Duration interval, Duration timeout) {
    return Flux.interval(interval).onBackpressureDrop().concatMap(tick -> ping(timeout)).then();
  }

  private Mono<Void> ping(Duration timeout) {
    return Mono.defer(
        () -> {
          int id = writer.send("ping");
          return pongs
              .asFlux()
              .filter(pongId -> pongId >= id)
              .next()
              .timeout(
                  timeout,
                  Mono.error(
                      () ->
                          new HeartbeatTimeoutException(
                              "no pong for ping " + id + " within " + timeout)))
              .then();
        });
  }

  /** Ends the outgoing stream. */
  void close() {
    writer.complete();
  }
}
