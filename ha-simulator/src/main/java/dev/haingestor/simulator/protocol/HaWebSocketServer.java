package dev.haingestor.simulator.protocol;

import dev.haingestor.simulator.history.RecorderHistory;
import dev.haingestor.simulator.states.StateChange;
import dev.haingestor.simulator.states.StateJson;
import dev.haingestor.simulator.states.StateMachine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * HA's {@code /api/websocket} endpoint on Reactor Netty, with the controls a test needs: drop every
 * socket, restart on the same port, inject raw frames.
 */
public final class HaWebSocketServer implements AutoCloseable {

  public static final String PATH = "/api/websocket";

  private static final Logger log = LoggerFactory.getLogger(HaWebSocketServer.class);

  /** aiohttp's default max_msg_size, which HA keeps: incoming messages only. */
  private static final int MAX_INCOMING_MESSAGE = 4 * 1024 * 1024;

  /**
   * After auth HA lets aiohttp buffer up to 1 MiB before its writer waits (http.py sets the
   * writer's limit to 2**20); messages beyond that wait in HA's own queue, which is what the
   * slow-client limits count.
   */
  private static final WriteBufferWaterMark WRITE_BUFFER =
      new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
  private static final int RECEIVED_MESSAGES_KEPT = 10_000;

  private volatile ProtocolSettings settings;
  private final String host;
  private final StateMachine states;
  private final Messages messages;
  private final CommandDispatcher dispatcher;
  private final JsonMapper mapper;
  private final LoopResources loops;
  private final ReceivedMessages received = new ReceivedMessages(RECEIVED_MESSAGES_KEPT);
  private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong slowClientCutOffs = new AtomicLong();
  private final Object subscriptionSignal = new Object();
  private final SessionObserver observer =
      new SessionObserver() {
        @Override
        public void subscribed() {
          synchronized (subscriptionSignal) {
            subscriptionSignal.notifyAll();
          }
        }

        @Override
        public void cutOff() {
          slowClientCutOffs.incrementAndGet();
        }
      };
  private volatile boolean accepting;
  private DisposableServer server;
  private volatile int port;

  /** HA's recorder thread: history queries run here, never on the loop that writes the sockets. */
  private final ExecutorService recorder =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "ha-sim-recorder");
            thread.setDaemon(true);
            return thread;
          });

  public HaWebSocketServer(
      ProtocolSettings settings,
      String host,
      int port,
      StateMachine states,
      StateJson stateJson,
      RecorderHistory history,
      CoreConfig config,
      JsonMapper mapper) {
    this.settings = settings;
    this.host = host;
    this.port = port;
    this.states = states;
    this.mapper = mapper;
    this.messages = new Messages(mapper);
    this.dispatcher =
        new CommandDispatcher(
            messages,
            states,
            stateJson,
            history,
            config,
            mapper,
            settings.historyDelay(),
            recorder);
    this.loops = LoopResources.create("ha-sim", 1, 2, true);
  }

  public synchronized void start() {
    server = bind(port);
    port = server.port();
    accepting = true;
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  private DisposableServer bind(int onPort) {
    return HttpServer.create()
        .runOn(loops)
        .host(host)
        .port(onPort)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_BUFFER)
        .route(
            routes ->
                routes
                    .ws(
                        PATH,
                        this::handle,
                        WebsocketServerSpec.builder()
                            .maxFramePayloadLength(MAX_INCOMING_MESSAGE)
                            // aiohttp negotiates permessage-deflate when the client asks.
                            .compress(true)
                            .build())
                    .get("/api/", this::apiStatus))
        .bindNow(BIND_TIMEOUT);
  }

  private Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
    AtomicReference<Channel> channel = new AtomicReference<>();
    in.withConnection(connection -> channel.set(connection.channel()));
    if (!accepting) {
      channel.get().close();
      return Mono.empty();
    }
    ClientSession session =
        new ClientSession(
            channel.get(), settings, messages, dispatcher, received, mapper, observer);
    in.withConnection(
        connection ->
            connection.addHandlerLast("ha-sim-writability", session.writabilityHandler()));
    sessions.add(session);
    session.start();
    return in.aggregateFrames(MAX_INCOMING_MESSAGE)
        .receiveFrames()
        .doOnNext(frame -> onFrame(session, frame))
        .onErrorResume(
            error -> {
              log.debug("WebSocket read failed: {}", error.toString());
              return Mono.empty();
            })
        .doFinally(
            signal -> {
              sessions.remove(session);
              session.onClosed();
            })
        .then();
  }

  /**
   * HA's {@code GET /api/} (APIStatusView), which clients and health checks use to test a token
   * without opening a socket.
   */
  private Publisher<Void> apiStatus(HttpServerRequest request, HttpServerResponse response) {
    String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    if (!("Bearer " + settings.token()).equals(authorization)) {
      return response
          .status(HttpResponseStatus.UNAUTHORIZED)
          .sendString(Mono.just("401: Unauthorized"));
    }
    return response
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .sendString(Mono.just("{\"message\":\"API running.\"}"));
  }

  private static void onFrame(ClientSession session, WebSocketFrame frame) {
    try {
      session.onFrame(frame);
    } catch (RuntimeException e) {
      log.error("Unexpected error inside the websocket API; dropping the connection", e);
      session.abort();
    }
  }

  /** Hands fired events to every subscribed connection; completes once all have taken them. */
  /** New slow-client limits for connections accepted from now on. */
  public void slowClientLimits(int maxPending, int sustainedPending, Duration sustainedFor) {
    settings = settings.withSlowClientLimits(maxPending, sustainedPending, sustainedFor);
  }

  public CompletableFuture<Void> broadcast(List<StateChange> changes) {
    List<CompletableFuture<Void>> handedOver = new ArrayList<>();
    for (ClientSession session : sessions) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      session.deliver(changes, done);
      handedOver.add(done);
    }
    return CompletableFuture.allOf(handedOver.toArray(CompletableFuture[]::new));
  }

  public void injectRawFrame(String text) {
    states.exclusive(
        () -> {
          sessions.forEach(session -> session.injectRaw(text));
          return null;
        });
  }

  /** Drops every socket without a close frame. */
  public void disconnectAll() {
    sessions.forEach(ClientSession::abort);
  }

  /**
   * Drops every socket, stops listening for {@code downtime} (connections are refused), then
   * listens again on the same port.
   */
  public synchronized void restart(Duration downtime) {
    accepting = false;
    disconnectAll();
    server.disposeNow(BIND_TIMEOUT);
    disconnectAll();
    CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(downtime.toNanos(), TimeUnit.NANOSECONDS))
        .join();
    server = bind(port);
    accepting = true;
    log.info("HA simulator listening again on {}:{} after a restart", host, port);
  }

  /** See {@link CommandDispatcher#historyDelay(Duration)}. */
  public void historyDelay(Duration delay) {
    dispatcher.historyDelay(delay);
  }

  public int connectionCount() {
    return (int) sessions.stream().filter(ClientSession::isAuthenticated).count();
  }

  public int subscriptionCount() {
    return sessions.stream()
        .filter(ClientSession::isAuthenticated)
        .mapToInt(ClientSession::subscriptionCount)
        .sum();
  }

  /**
   * Waits until at least {@code count} subscriptions are open, for at most {@code timeout}.
   *
   * @return whether they are
   */
  public boolean awaitSubscriptions(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (subscriptionSignal) {
      while (subscriptionCount() < count) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        // Bounded slices: a connection that closes does not signal, and its count changes too.
        TimeUnit.NANOSECONDS.timedWait(
            subscriptionSignal, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return true;
    }
  }

  /** Connections closed by the slow-client limits since the server was created. */
  public long slowClientCutOffs() {
    return slowClientCutOffs.get();
  }

  public List<String> receivedMessages() {
    return received.snapshot();
  }

  @Override
  public synchronized void close() {
    accepting = false;
    disconnectAll();
    if (server != null) {
      server.disposeNow(BIND_TIMEOUT);
    }
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(BIND_TIMEOUT);
    recorder.shutdownNow();
  }
}
