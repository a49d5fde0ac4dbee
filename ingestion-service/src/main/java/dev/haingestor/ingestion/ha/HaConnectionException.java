package dev.haingestor.ingestion.ha;

/**
 * Why a connection to Home Assistant ended. Each subtype decides what happens next: {@link
 * AuthenticationFailedException} waits the long auth-retry delay, every other one reconnects with
 * back-off.
 */
public abstract sealed class HaConnectionException extends RuntimeException
    permits AuthenticationFailedException,
        HeartbeatTimeoutException,
        HaProtocolException,
        ConnectionClosedException {

  HaConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
