package dev.haingestor.simulator.client;

import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WebSocket client for protocol tests on Reactor Netty's {@code HttpClient.websocket()}: records
 * every text frame as received, counts protocol pings and can leave them unanswered.
 */
public final class HaTestClient implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Big enough for get_states and coalesced frames, which HA does not cap. */
  private static final int MAX_FRAME = 64 * 1024 * 1024;

  /** Who answers the server's protocol-level pings. */
  public enum Pings {
    /** Reactor Netty answers them, as a normal client does. */
    AUTOMATIC,
    /** Counted and answered by this client. */
    ANSWER,
    /** Counted and never answered: a dead peer, as far as the server can tell. */
    IGNORE
  }

  /** Floats as BigDecimal, so epoch-second times keep every digit. */
  public static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final List<String> frames = new CopyOnWriteArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<WebSocketCloseStatus> closeStatus = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong ids = new AtomicLong();
  private final Pings pingMode;
  private final Disposable connection;

  private HaTestClient(URI uri, Pings pingMode) {
    this.pingMode = pingMode;
    this.connection =
        HttpClient.create()
            .websocket(
                WebsocketClientSpec.builder()
                    .maxFramePayloadLength(MAX_FRAME)
                    .handlePing(pingMode != Pings.AUTOMATIC)
                    .build())
            .uri(uri)
            .handle(
                (in, out) -> {
                  in.withConnection(c -> c.onDispose(() -> closed.set(true)));
                  in.receiveCloseStatus().subscribe(closeStatus::set);
                  Mono<Void> receiving =
                      in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext(this::record).then();
                  Mono<Void> sending = out.sendObject(outbound.asFlux()).then();
                  return Mono.when(receiving, sending);
                })
            .doOnError(failure::set)
            .doFinally(signal -> closed.set(true))
            .subscribe(ignored -> {}, failure::set);
  }

  public static HaTestClient connect(URI uri) {
    return new HaTestClient(uri, Pings.AUTOMATIC);
  }

  public static HaTestClient connect(URI uri, Pings pings) {
    return new HaTestClient(uri, pings);
  }

  /** Connects and authenticates; returns once {@code auth_ok} arrived. */
  public static HaTestClient authenticated(URI uri, String token) {
    HaTestClient client = connect(uri);
    client.authenticate(token);
    return client;
  }

  private void record(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      frames.add(text.text());
    } else if (frame instanceof PingWebSocketFrame ping) {
      pings.incrementAndGet();
      if (pingMode == Pings.ANSWER) {
        outbound.tryEmitNext(new PongWebSocketFrame(ping.content().retainedDuplicate()));
      }
    }
  }

  public void authenticate(String token) {
    awaitMessage(m -> "auth_required".equals(text(m, "type")));
    send("{\"type\":\"auth\",\"access_token\":\"" + token + "\"}");
    awaitMessage(m -> "auth_ok".equals(text(m, "type")));
  }

  public void send(String text) {
    Sinks.EmitResult result = outbound.tryEmitNext(new TextWebSocketFrame(text));
    if (result.isFailure()) {
      throw new IllegalStateException("could not send: " + result);
    }
  }

  public long nextId() {
    return ids.incrementAndGet();
  }

  /** Sends {@code {"id":<next>,"type":type,...fields}} and returns its answer. */
  public JsonNode command(String type, ObjectNode fields) {
    long id = nextId();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("type", type);
    if (fields != null) {
      message.setAll(fields);
    }
    send(JSON.writeValueAsString(message));
    return awaitAnswer(id);
  }

  public JsonNode command(String type) {
    return command(type, null);
  }

  /** The result (or pong) with this id. */
  public JsonNode awaitAnswer(long id) {
    return awaitMessage(
        m ->
            m.path("id").isIntegralNumber()
                && m.path("id").longValue() == id
                && !"event".equals(text(m, "type")));
  }

  public JsonNode awaitMessage(Predicate<JsonNode> matching) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              for (JsonNode message : messages()) {
                if (matching.test(message)) {
                  found.set(message);
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }

  /** Every text frame, verbatim, in arrival order. */
  public List<String> frames() {
    return List.copyOf(frames);
  }

  /** Every message, coalesced array frames flattened, in arrival order. */
  public List<JsonNode> messages() {
    List<JsonNode> messages = new ArrayList<>();
    for (String frame : frames) {
      JsonNode node = JSON.readTree(frame);
      if (node.isArray()) {
        node.forEach(messages::add);
      } else {
        messages.add(node);
      }
    }
    return messages;
  }

  public List<JsonNode> events(long subscriptionId) {
    return messages().stream()
        .filter(m -> "event".equals(text(m, "type")) && m.path("id").longValue() == subscriptionId)
        .toList();
  }

  public int pingsReceived() {
    return pings.get();
  }

  public boolean isClosed() {
    return closed.get();
  }

  public void awaitClosed() {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).untilTrue(closed);
  }

  /** The close frame's status, if the server sent one. */
  public Optional<WebSocketCloseStatus> closeStatus() {
    return Optional.ofNullable(closeStatus.get());
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  public static String text(JsonNode message, String field) {
    JsonNode value = message.get(field);
    return value == null || !value.isString() ? null : value.stringValue();
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }
}
