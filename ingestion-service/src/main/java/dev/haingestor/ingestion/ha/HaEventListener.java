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
}
