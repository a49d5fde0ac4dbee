package dev.haingestor.ingestion.ha;

/**
 * HA refused the token ({@code auth_invalid}) or no token could be read. A configuration error:
 * retrying quickly would only earn an IP ban.
 */
public final class AuthenticationFailedException extends HaConnectionException {

  public AuthenticationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
