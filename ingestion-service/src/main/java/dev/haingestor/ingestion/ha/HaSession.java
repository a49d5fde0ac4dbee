package dev.haingestor.ingestion.ha;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.node.ObjectNode;

/**
 * The protocol of one connection, driven by incoming frames: answer {@code auth_required} with the
 * token; after {@code auth_ok} enable coalescing ({@code supported_features}) and subscribe to
 * {@code state_changed} (and the configured further event types); then hand events to the listener,
 * answer command calls ({@link HaCommands}) and keep an application-level ping going. Frames arrive
 * one at a time on the socket's thread; a fatal outcome is thrown as a {@link
 * HaConnectionException}, which ends the connection.
 */
final class HaSession implements HaCommands {

  private static final Logger log = LoggerFactory.getLogger(HaSession.class);

  /** Frames from this size on are checked for being a call's answer before they are parsed. */
  static final int LARGE_FRAME = 64 * 1024;

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
  private final List<String> extraEventTypes;
  private final long connection;
  private final Sinks.One<Void> subscribed = Sinks.one();
  // Calls waiting for their result, by id; completed on the reader's thread.
  private final Map<Integer, Sinks.One<CommandResult>> calls = new ConcurrentHashMap<>();
  private volatile boolean closed;
  // Latest pong id, replayed to a ping that subscribes after its pong already arrived.
  private final Sinks.Many<Integer> pongs = Sinks.many().replay().latest();

  // Touched only by the thread reading frames.
  private Phase phase = Phase.AWAITING_AUTH_REQUIRED;
  private int featuresId = -1;
  private int subscribeId = -1;
  private final Set<Integer> extraSubscribeIds = new HashSet<>();

  HaSession(
      AccessToken token,
      CommandWriter writer,
      HaFrameParser parser,
      HaEventListener listener,
      Clock clock) {
    this(token, writer, parser, listener, clock, List.of(), 1);
  }

  /**
   * @param extraEventTypes event types subscribed besides {@code state_changed}
   * @param connection the number of this connection since start
   */
  HaSession(
      AccessToken token,
      CommandWriter writer,
      HaFrameParser parser,
      HaEventListener listener,
      Clock clock,
      List<String> extraEventTypes,
      long connection) {
    this.token = token;
    this.writer = writer;
    this.parser = parser;
    this.listener = listener;
    this.clock = clock;
    this.extraEventTypes = List.copyOf(extraEventTypes);
    this.connection = connection;
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
   * @return how many messages the frame held
   * @throws HaConnectionException when the connection must end
   */
  int onFrame(String frame) {
    return onFrame(FrameText.of(frame));
  }

  /**
   * Handles one frame as it was received; a frame of bytes is read only during this call.
   *
   * @return how many messages the frame held
   * @throws HaConnectionException when the connection must end
   */
  int onFrame(FrameText frame) {
    if (frame.length() >= LARGE_FRAME && !calls.isEmpty()) {
      // A large answer to a call: hand it over unparsed, its caller parses it on its own thread.
      int id = parser.scanResultId(frame);
      Sinks.One<CommandResult> call = id < 0 ? null : calls.remove(id);
      if (call != null) {
        call.tryEmitValue(CommandResult.unparsed(id, frame.text()));
        return 1;
      }
    }
    List<HaMessage> messages = parser.parse(frame, clock.instant());
    for (HaMessage message : messages) {
      handle(message, frame);
    }
    return messages.size();
  }

  // Java 17: no pattern matching for switch yet.
  private void handle(HaMessage message, FrameText frame) {
    if (message instanceof HaMessage.StateChanged changed) {
      listener.onEvent(changed.event());
    } else if (message instanceof HaMessage.Rejected rejected) {
      listener.onRejected(rejected.rejection());
    } else if (message instanceof HaMessage.Pong pong) {
      pongs.tryEmitNext(pong.id());
    } else if (message instanceof HaMessage.Result result) {
      onResult(result, frame);
    } else if (message instanceof HaMessage.OtherEvent other) {
      listener.onOtherEvent(other.eventType());
    } else if (message instanceof HaMessage.AuthRequired) {
      onAuthRequired();
    } else if (message instanceof HaMessage.AuthOk) {
      onAuthOk();
    } else if (message instanceof HaMessage.AuthInvalid invalid) {
      throw new AuthenticationFailedException(
          "Home Assistant refused the access token: " + invalid.message(), null);
    } else if (message instanceof HaMessage.Ignored ignored) {
      // Newer HA versions may add message types: skipping them keeps the connection working.
      listener.onIgnored(ignored.type());
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
    for (String eventType : extraEventTypes) {
      extraSubscribeIds.add(
          writer.send("subscribe_events", command -> command.put("event_type", eventType)));
    }
  }

  private void onResult(HaMessage.Result result, FrameText frame) {
    Sinks.One<CommandResult> call = calls.remove(result.id());
    if (call != null) {
      if (result.success()) {
        call.tryEmitValue(new CommandResult(result.id(), result.result(), frame.text()));
      } else {
        call.tryEmitError(
            new HaCommandException("command " + result.id(), result.errorCode(), result.error()));
      }
    } else if (extraSubscribeIds.contains(result.id()) && !result.success()) {
      // E.g. a non-admin token may not subscribe to some types: state_changed still flows.
      log.warn("Home Assistant refused a subscription to further events: {}", result.error());
    } else if (result.id() == subscribeId) {
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

  @Override
  public Mono<CommandResult> call(String type, Consumer<ObjectNode> body, Duration timeout) {
    return Mono.defer(
        () -> {
          if (closed) {
            return Mono.error(new ConnectionClosedException("connection " + connection + " ended"));
          }
          Sinks.One<CommandResult> result = Sinks.one();
          int[] id = new int[1];
          // Registered before the frame is queued: the answer cannot overtake the registration.
          try {
            writer.send(
                type,
                command -> {
                  id[0] = command.get("id").intValue();
                  calls.put(id[0], result);
                  body.accept(command);
                });
          } catch (RuntimeException e) {
            calls.remove(id[0]);
            return Mono.error(e);
          }
          if (closed) {
            failCall(id[0]);
          }
          return result
              .asMono()
              .timeout(
                  timeout,
                  Mono.error(
                      () ->
                          new HaProtocolException(
                              type + " (id " + id[0] + ") not answered within " + timeout)))
              .doFinally(signal -> calls.remove(id[0]));
        });
  }

  @Override
  public long connection() {
    return connection;
  }

  /** Ends the outgoing stream and fails the calls still waiting. */
  void close() {
    closed = true;
    writer.complete();
    calls.keySet().forEach(this::failCall);
  }

  private void failCall(int id) {
    Sinks.One<CommandResult> call = calls.remove(id);
    if (call != null) {
      call.tryEmitError(new ConnectionClosedException("connection " + connection + " ended"));
    }
  }
}
