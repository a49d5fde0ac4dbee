package dev.haingestor.simulator.protocol;

import dev.haingestor.simulator.states.StateChange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket connection, as websocket_api/http.py {@code WebSocketHandler} runs it: the auth
 * phase, the command phase, the outgoing queue with HA's slow-client cut-off and message
 * coalescing, and aiohttp's protocol-level heartbeat.
 *
 * <p>Inbound frames, timers and writes run on the channel's event loop. Messages may be queued from
 * any thread (events come from the emitting thread); the queue is guarded by this object.
 */
final class ClientSession {

  static final String MATCH_ALL = "*";

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** aiohttp's close() waits for the peer's close frame; do not wait forever for it. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  /**
   * HA's frames hold at most its 4,096 pending messages; a simulator with looser slow-client limits
   * still coalesces no more than that into one frame.
   */
  static final int MAX_COALESCED = 4096;

  private sealed interface Outgoing permits Message, Raw, Close, Marker {}

  /** A JSON message; may be coalesced with its neighbours into one array frame. */
  private record Message(String json) implements Outgoing {}

  /** A frame sent verbatim, never coalesced. */
  private record Raw(String text) implements Outgoing {}

  /** Close the socket with a close frame once everything before it is written. */
  private record Close() implements Outgoing {}

  /** Completes when everything queued before it has been handed to the socket. */
  private record Marker(CompletableFuture<Void> done) implements Outgoing {}

  private final Channel channel;
  private final ProtocolSettings settings;
  private final Messages messages;
  private final CommandDispatcher dispatcher;
  private final ReceivedMessages received;
  private final JsonMapper mapper;
  private final SessionObserver observer;

  private final Map<Long, String> subscriptions = new ConcurrentSkipListMap<>();
  private volatile boolean authenticated;
  private volatile boolean open = true;
  private volatile boolean canCoalesce;

  // Event loop only.
  private long lastId;
  private ScheduledFuture<?> authTimer;
  private ScheduledFuture<?> pingTimer;
  private ScheduledFuture<?> pongTimer;

  // Guarded by this.
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private int pending;
  private boolean drainScheduled;
  private boolean sealed;
  private ScheduledFuture<?> peakTimer;

  /** When the socket last stopped taking writes (System.nanoTime), for the cut-off's log line. */
  private volatile long backedUpSince = Long.MIN_VALUE;

  ClientSession(
      Channel channel,
      ProtocolSettings settings,
      Messages messages,
      CommandDispatcher dispatcher,
      ReceivedMessages received,
      JsonMapper mapper,
      SessionObserver observer) {
    this.channel = channel;
    this.settings = settings;
    this.messages = messages;
    this.dispatcher = dispatcher;
    this.received = received;
    this.mapper = mapper;
    this.observer = observer;
  }

  /** Starts the auth phase; call on the event loop before reading frames. */
  void start() {
    send(messages.authRequired(settings.haVersion()));
    authTimer = timer(this::authTimedOut, settings.authTimeout());
    armPing();
  }

  ChannelHandler writabilityHandler() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          scheduleDrain();
        } else {
          backedUpSince = System.nanoTime();
        }
        ctx.fireChannelWritabilityChanged();
      }
    };
  }

  // ---- inbound (event loop) ----

  void onFrame(WebSocketFrame frame) {
    // aiohttp resets its heartbeat on every message it receives, pongs included.
    resetHeartbeat();
    if (!open || frame instanceof PongWebSocketFrame || frame instanceof PingWebSocketFrame) {
      return;
    }
    if (frame instanceof TextWebSocketFrame text) {
      String body = text.text();
      received.add(body);
      if (authenticated) {
        onCommandText(body);
      } else {
        onAuthText(body);
      }
      return;
    }
    if (!authenticated || frame.content().readableBytes() == 0) {
      disconnect("Received non-Text message.");
    } else {
      log.debug("Ignoring a binary frame: no binary handler is registered");
    }
  }

  private void onAuthText(String body) {
    JsonNode message = parse(body);
    if (message == null) {
      disconnect("Received invalid JSON.");
      return;
    }
    cancel(authTimer);
    var formatError = AuthMessage.formatError(message);
    if (formatError.isPresent()) {
      send(messages.authInvalid("Auth message incorrectly formatted: " + formatError.get()));
      disconnect("auth message incorrectly formatted");
      return;
    }
    JsonNode token = message.get("access_token");
    if (token != null && token.stringValue().equals(settings.token())) {
      authenticated = true;
      send(messages.authOk(settings.haVersion()));
      log.debug("Auth OK from {}", channel.remoteAddress());
    } else {
      send(messages.authInvalid("Invalid access token or password"));
      disconnect("invalid access token");
    }
  }

  private void onCommandText(String body) {
    JsonNode message = parse(body);
    if (message == null) {
      disconnect("Received invalid JSON.");
      return;
    }
    if (message.isArray()) {
      for (JsonNode single : message) {
        if (open) {
          dispatcher.dispatch(this, single);
        }
      }
    } else {
      dispatcher.dispatch(this, message);
    }
  }

  private JsonNode parse(String body) {
    try {
      return mapper.readTree(body);
    } catch (JacksonException invalid) {
      return null;
    }
  }

  private void authTimedOut() {
    if (open && !authenticated) {
      disconnect("Did not receive auth message within " + settings.authTimeout());
    }
  }

  // ---- heartbeat (event loop) ----

  private void armPing() {
    cancel(pingTimer);
    pingTimer = timer(this::sendPing, settings.pingInterval());
  }

  private void resetHeartbeat() {
    cancel(pongTimer);
    pongTimer = null;
    if (open) {
      armPing();
    }
  }

  private void sendPing() {
    if (!open) {
      return;
    }
    // Straight to the socket, not through the message queue, as aiohttp does.
    channel.writeAndFlush(new PingWebSocketFrame());
    pongTimer = timer(this::pongMissed, settings.pongTimeout());
  }

  private void pongMissed() {
    log.info(
        "No pong from {} within {}: closing without a close frame",
        channel.remoteAddress(),
        settings.pongTimeout());
    abort();
  }

  // ---- command phase state (event loop) ----

  long lastId() {
    return lastId;
  }

  void lastId(long id) {
    lastId = id;
  }

  void coalesce(boolean enabled) {
    canCoalesce = enabled;
  }

  void addSubscription(long id, String eventType) {
    subscriptions.put(id, eventType);
    observer.subscribed();
  }

  boolean removeSubscription(long id) {
    return subscriptions.remove(id) != null;
  }

  int subscriptionCount() {
    return open ? subscriptions.size() : 0;
  }

  boolean isAuthenticated() {
    return authenticated && open && channel.isActive();
  }

  /** Runs a task on the event loop after a delay, unless the connection has closed by then. */
  void later(Runnable task, Duration delay) {
    timer(
        () -> {
          if (open) {
            task.run();
          }
        },
        delay);
  }

  private ScheduledFuture<?> timer(Runnable task, Duration delay) {
    return channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  // ---- outgoing (any thread) ----

  void send(String json) {
    enqueue(List.of(new Message(json)));
  }

  /** Queues the events for every matching subscription; {@code handedOver} completes after. */
  void deliver(List<StateChange> changes, CompletableFuture<Void> handedOver) {
    if (!isAuthenticated() || subscriptions.isEmpty()) {
      handedOver.complete(null);
      return;
    }
    List<Outgoing> items = new ArrayList<>();
    for (StateChange change : changes) {
      subscriptions.forEach(
          (id, eventType) -> {
            if (eventType.equals(MATCH_ALL) || eventType.equals("state_changed")) {
              items.add(new Message(messages.event(id, change.eventJson())));
            }
          });
    }
    items.add(new Marker(handedOver));
    enqueue(items);
  }

  /** Sends a frame verbatim to a subscribed connection. */
  void injectRaw(String text) {
    if (isAuthenticated() && !subscriptions.isEmpty()) {
      enqueue(List.of(new Raw(text)));
    }
  }

  private void enqueue(List<Outgoing> items) {
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    synchronized (this) {
      for (Outgoing item : items) {
        if (sealed) {
          if (item instanceof Marker marker) {
            settled.add(marker.done());
          }
          continue;
        }
        if (item instanceof Marker || item instanceof Close) {
          queue.addLast(item);
          continue;
        }
        int before = pending;
        if (before >= settings.maxPending()) {
          // http.py _send_message: the message is dropped and the connection cancelled.
          log.warn(
              "Client {} unable to keep up with pending messages. Reached {} pending messages ({})",
              channel.remoteAddress(),
              settings.maxPending(),
              socketState());
          settled.addAll(cutOffLocked());
          continue;
        }
        queue.addLast(item);
        pending++;
        if (before <= settings.sustainedPending()) {
          cancelPeakTimerLocked();
        } else if (peakTimer == null) {
          peakTimer = timer(this::checkPeak, settings.sustainedFor());
        }
      }
      scheduleDrainLocked();
    }
    settled.forEach(done -> done.complete(null));
  }

  private void checkPeak() {
    List<CompletableFuture<Void>> settled;
    synchronized (this) {
      peakTimer = null;
      if (sealed || pending < settings.sustainedPending()) {
        return;
      }
      log.warn(
          "Client {} unable to keep up with pending messages. Stayed over {} for {} ({})",
          channel.remoteAddress(),
          settings.sustainedPending(),
          settings.sustainedFor(),
          socketState());
      settled = cutOffLocked();
    }
    settled.forEach(done -> done.complete(null));
  }

  /**
   * Whose the backlog is, for the cut-off's log line: a socket that has taken every write for a
   * while means this server's own writer fell behind, not the client.
   */
  private String socketState() {
    if (!channel.isWritable()) {
      // bytesBeforeWritable, unlike the outbound buffer itself, is there on a closed channel too.
      return "socket backed up: " + channel.bytesBeforeWritable() + " bytes to drain";
    }
    long since = backedUpSince;
    return since == Long.MIN_VALUE
        ? "socket writable, never backed up: the simulator's writer lagged"
        : "socket writable, last backed up "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since)
            + " ms ago";
  }

  /** Closes the connection at once, without a message or close frame, dropping the queue. */
  private List<CompletableFuture<Void>> cutOffLocked() {
    open = false;
    observer.cutOff();
    List<CompletableFuture<Void>> settled = sealLocked();
    channel.close();
    return settled;
  }

  private List<CompletableFuture<Void>> sealLocked() {
    sealed = true;
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (Outgoing item : queue) {
      if (item instanceof Marker marker) {
        settled.add(marker.done());
      }
    }
    queue.clear();
    pending = 0;
    cancelPeakTimerLocked();
    return settled;
  }

  private void cancelPeakTimerLocked() {
    if (peakTimer != null) {
      peakTimer.cancel(false);
      peakTimer = null;
    }
  }

  private synchronized void scheduleDrain() {
    scheduleDrainLocked();
  }

  private void scheduleDrainLocked() {
    if (!drainScheduled && !queue.isEmpty()) {
      drainScheduled = true;
      channel.eventLoop().execute(this::drain);
    }
  }

  /** Writes queued messages while the socket takes them (http.py {@code _writer}). */
  private void drain() {
    List<CompletableFuture<Void>> handedOver = new ArrayList<>();
    boolean wrote = false;
    try {
      while (true) {
        String frame;
        synchronized (this) {
          Outgoing head = channel.isActive() && channel.isWritable() ? queue.pollFirst() : null;
          if (head == null) {
            drainScheduled = false;
            break;
          }
          if (head instanceof Marker marker) {
            handedOver.add(marker.done());
            continue;
          }
          if (head instanceof Close) {
            drainScheduled = false;
            channel
                .writeAndFlush(new CloseWebSocketFrame(1000, ""))
                .addListener(ChannelFutureListener.CLOSE);
            wrote = false;
            break;
          }
          frame = head instanceof Raw raw ? raw.text() : coalesce((Message) head, handedOver);
          if (head instanceof Raw) {
            pending--;
          }
        }
        channel.write(new TextWebSocketFrame(frame));
        wrote = true;
      }
    } finally {
      if (wrote) {
        channel.flush();
      }
      handedOver.forEach(done -> done.complete(null));
    }
  }

  /**
   * With {@code coalesce_messages}, every message waiting behind the first goes into one JSON array
   * frame; a lone message stays a plain object.
   */
  private String coalesce(Message first, List<CompletableFuture<Void>> handedOver) {
    pending--;
    if (!canCoalesce || !hasWaitingMessage()) {
      return first.json();
    }
    StringBuilder array = new StringBuilder().append('[').append(first.json());
    int messages = 1;
    while (messages < MAX_COALESCED && hasWaitingMessage()) {
      Outgoing next = queue.pollFirst();
      if (next instanceof Marker marker) {
        handedOver.add(marker.done());
      } else {
        array.append(',').append(((Message) next).json());
        pending--;
        messages++;
      }
    }
    return array.append(']').toString();
  }

  /** A message waits next in the queue, possibly behind markers. */
  private boolean hasWaitingMessage() {
    for (Outgoing item : queue) {
      if (item instanceof Message) {
        return true;
      }
      if (!(item instanceof Marker)) {
        return false;
      }
    }
    return false;
  }

  // ---- closing ----

  /** HA's orderly end: queued messages, then a close frame (code 1000, empty reason). */
  void disconnect(String reason) {
    if (!open) {
      return;
    }
    open = false;
    log.debug("Disconnecting {}: {}", channel.remoteAddress(), reason);
    cancelTimers();
    synchronized (this) {
      queue.addLast(new Close());
      sealed = true;
      scheduleDrainLocked();
    }
    timer(channel::close, CLOSE_GRACE);
  }

  /** Drops the socket without a close frame (a network failure, as far as the client can tell). */
  void abort() {
    open = false;
    List<CompletableFuture<Void>> settled;
    synchronized (this) {
      settled = sealLocked();
    }
    settled.forEach(done -> done.complete(null));
    channel.close();
  }

  /** The channel is gone: release everything (event loop). */
  void onClosed() {
    open = false;
    cancelTimers();
    abort();
    subscriptions.clear();
  }

  private void cancelTimers() {
    cancel(authTimer);
    cancel(pingTimer);
    cancel(pongTimer);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
