package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import tools.jackson.databind.JsonNode;

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
   * @param errorCode HA's error code ({@code not_found}, {@code timeout}, ...) when it failed
   * @param result the command's {@code result} (JSON null when there is none)
   */
  record Result(int id, boolean success, String error, String errorCode, JsonNode result)
      implements HaMessage {}

  record Pong(int id) implements HaMessage {}

  record StateChanged(StateChangedEvent event) implements HaMessage {}

  /** A message that should have been an event but cannot be one. */
  record Rejected(Rejection rejection) implements HaMessage {}

  /**
   * An event of another subscribed type ({@code HA_EVENT_TYPES}); counted, not published.
   *
   * @param eventType the event's {@code event_type}
   */
  record OtherEvent(String eventType) implements HaMessage {}

  /** Anything else (future message types): read and skipped. */
  record Ignored(String type) implements HaMessage {}
}
