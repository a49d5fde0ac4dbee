package dev.haingestor.common.event;

/**
 * An input that can never become a valid event; it belongs in the dead-letter stream, not in a
 * retry.
 */
public final class InvalidEventException extends RuntimeException {

  private final RejectionReason reason;

  public InvalidEventException(RejectionReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InvalidEventException(RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
