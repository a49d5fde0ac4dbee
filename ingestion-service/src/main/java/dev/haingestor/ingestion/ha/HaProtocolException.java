package dev.haingestor.ingestion.ha;

/**
 * The conversation with HA went wrong: a command failed, an answer did not come in time, or the
 * outgoing queue overflowed.
 */
public final class HaProtocolException extends HaConnectionException {

  public HaProtocolException(String message) {
    super(message, null);
  }
}
