package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;

/**
 * Receives what a connection reads, on the socket's thread: implementations must never block
 * (HA_PROTOCOL.md §7 — HA drops a client that falls behind).
 */
public interface HaEventListener {

  void onEvent(StateChangedEvent event);

  void onRejected(Rejection rejection);

  /** An event of a further subscribed type ({@code HA_EVENT_TYPES}). */
  default void onOtherEvent(String eventType) {}

  /** A message of a type this client does not know. */
  default void onIgnored(String type) {}
}
