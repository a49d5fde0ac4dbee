package dev.haingestor.ingestion.ha;

/** HA did not answer an application-level ping in time: the connection is presumed dead. */
public final class HeartbeatTimeoutException extends HaConnectionException {

  public HeartbeatTimeoutException(String message) {
    super(message, null);
  }
}
