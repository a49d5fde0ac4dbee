package dev.haingestor.ingestion.deadletter;

import dev.haingestor.common.event.RejectionReason;
import java.util.Objects;

/**
 * An input that can never become an event, on its way to the dead-letter stream.
 *
 * @param reason why it was refused
 * @param detail a human-readable explanation
 * @param raw the offending input as received (a frame, or one message of a coalesced frame)
 * @param entityId the entity it was about, when that could be read; else {@code null}
 */
public record Rejection(RejectionReason reason, String detail, String raw, String entityId) {

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(raw, "raw");
  }

  public Rejection(RejectionReason reason, String detail, String raw) {
    this(reason, detail, raw, null);
  }
}
