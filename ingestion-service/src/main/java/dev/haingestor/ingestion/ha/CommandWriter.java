package dev.haingestor.ingestion.ha;

import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outgoing side of one connection. HA requires command ids to increase strictly in the order it
 * receives them (else {@code id_reuse}), so an id is allocated and its frame queued for writing
 * under one lock; ids start at 1 on every connection (HA_PROTOCOL.md §3). The queue is bounded: a
 * connection that cannot take a handful of small commands is broken.
 */
final class CommandWriter {

  static final int QUEUE_CAPACITY = 64;

  private final JsonMapper mapper;
  private final Object lock = new Object();
  private final Sinks.Many<String> frames =
      Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(QUEUE_CAPACITY).get());
  private int lastId; // guarded by lock

  CommandWriter(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The frames to write, in order; subscribe once. */
  Flux<String> frames() {
    return frames.asFlux();
  }

  /** The one message without an id. The token stays out of every log. */
  void sendAuth(AccessToken token) {
    ObjectNode auth = mapper.createObjectNode();
    auth.put("type", "auth");
    auth.put("access_token", token.value());
    synchronized (lock) {
      emit(mapper.writeValueAsString(auth));
    }
  }

  /**
   * Sends a command with the next id.
   *
   * @param body adds the command's fields besides {@code id} and {@code type}
   * @return the id
   * @throws HaProtocolException when the connection no longer takes frames
   */
  int send(String type, Consumer<ObjectNode> body) {
    synchronized (lock) {
      int id = ++lastId;
      ObjectNode command = mapper.createObjectNode();
      command.put("id", id);
      command.put("type", type);
      body.accept(command);
      emit(mapper.writeValueAsString(command));
      return id;
    }
  }

  int send(String type) {
    return send(type, command -> {});
  }

  /** Ends the outgoing stream when the connection ends. */
  void complete() {
    synchronized (lock) {
      frames.tryEmitComplete();
    }
  }

  private void emit(String frame) {
    Sinks.EmitResult result = frames.tryEmitNext(frame);
    if (result.isFailure()) {
      throw new HaProtocolException("cannot queue a command to HA: " + result);
    }
  }
}
