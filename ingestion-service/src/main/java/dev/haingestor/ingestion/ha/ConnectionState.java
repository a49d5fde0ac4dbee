package dev.haingestor.ingestion.ha;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where the connection to Home Assistant stands. */
public enum ConnectionState {
  /** Not started, or stopped. */
  DISCONNECTED,
  /** Opening the TCP connection and the WebSocket handshake. */
  CONNECTING,
  /** Socket open; exchanging auth, enabling coalescing, subscribing. */
  AUTHENTICATING,
  /** Subscribed to {@code state_changed}: events flow. */
  SUBSCRIBED,
  /** The connection failed or was lost; waiting before the next attempt. */
  BACKING_OFF,
  /** HA refused the token; waiting the long auth-retry delay. */
  AUTH_FAILED;

  /** The value in the heartbeat hash and in metric tags, e.g. {@code auth_failed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean canMoveTo(ConnectionState next) {
    return successors().contains(next);
  }

  private Set<ConnectionState> successors() {
    return switch (this) {
      case DISCONNECTED -> EnumSet.of(CONNECTING);
      case CONNECTING -> EnumSet.of(AUTHENTICATING, BACKING_OFF, AUTH_FAILED, DISCONNECTED);
      case AUTHENTICATING -> EnumSet.of(SUBSCRIBED, BACKING_OFF, AUTH_FAILED, DISCONNECTED);
      case SUBSCRIBED -> EnumSet.of(BACKING_OFF, DISCONNECTED);
      case BACKING_OFF, AUTH_FAILED -> EnumSet.of(CONNECTING, DISCONNECTED);
    };
  }
}
