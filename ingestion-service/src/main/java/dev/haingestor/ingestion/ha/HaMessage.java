package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;

/** One message from Home Assistant, as far as this service cares (HA_PROTOCOL.md §2–5). */
sealed interface HaMessage {

  record AuthRequired() implements HaMessage {}

  record AuthOk() implements HaMessage {}

  /**
   * @param message HA's explanation, e.g. "Invalid access token or password"
   */
  record AuthInvalid(String message) implements HaMessage {}

  /**
   * @param id the command's id
   * @param success whether the command succeeded
   * @param error {@code code: message} when it failed, else {@code null}
   */
  record Result(int id, boolean success, String error) implements HaMessage {}

  record Pong(int id) implements HaMessage {}

  record StateChanged(StateChangedEvent event) implements HaMessage {}

  /** A message that should have been an event but cannot be one. */
  record Rejected(Rejection rejection) implements HaMessage {}

  /** Anything else (other event types, future message types): read and skipped. */
  record Ignored(String type) implements HaMessage {}
}
