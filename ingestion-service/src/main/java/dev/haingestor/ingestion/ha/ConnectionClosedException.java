package dev.haingestor.ingestion.ha;

/**
 * HA closed the connection. HA never says why (shutdown, overload, token revoked): it just closes.
 */
public final class ConnectionClosedException extends HaConnectionException {

  public ConnectionClosedException(String message) {
    super(message, null);
  }
}
