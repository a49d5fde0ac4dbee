package dev.haingestor.enrichment.deadletter;

import dev.haingestor.common.event.RejectionReason;
import java.util.Map;
import java.util.Objects;

/**
 * An event-stream entry that cannot be written, with why.
 *
 * @param originalId the entry's id in the event stream
 * @param entry the entry's fields as read
 * @param reason the rejection class
 * @param detail human-readable cause, e.g. InfluxDB's error text
 */
public record DeadLetter(
    String originalId, Map<String, String> entry, RejectionReason reason, String detail) {

  public DeadLetter {
    Objects.requireNonNull(originalId, "originalId");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}
