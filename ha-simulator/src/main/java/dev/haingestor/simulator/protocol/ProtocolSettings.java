package dev.haingestor.simulator.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of HA's WebSocket API, with HA's own values as defaults (websocket_api/const.py,
 * http.py: aiohttp {@code heartbeat=55}, which waits {@code 55 / 2} s for the pong).
 *
 * @param maxPending a connection whose queue reaches this is closed at once
 * @param sustainedPending a connection whose queue stays at or above this ...
 * @param sustainedFor ... for this long is closed
 * @param historyDelay extra time before history answers, as a busy recorder takes
 */
public record ProtocolSettings(
    String token,
    String haVersion,
    Duration authTimeout,
    Duration pingInterval,
    Duration pongTimeout,
    int maxPending,
    int sustainedPending,
    Duration sustainedFor,
    Duration historyDelay) {

  public static final String HA_VERSION = "2025.11.0";

  /** websocket_api/const.py {@code MAX_PENDING_MSG}. */
  public static final int HA_MAX_PENDING = 4096;

  /** websocket_api/const.py {@code PENDING_MSG_PEAK}. */
  public static final int HA_PENDING_PEAK = 1024;

  /** websocket_api/const.py {@code PENDING_MSG_PEAK_TIME}. */
  public static final Duration HA_PENDING_PEAK_TIME = Duration.ofSeconds(10);

  public ProtocolSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(haVersion, "haVersion");
    requirePositive(authTimeout, "authTimeout");
    requirePositive(pingInterval, "pingInterval");
    requirePositive(pongTimeout, "pongTimeout");
    requirePositive(sustainedFor, "sustainedFor");
    Objects.requireNonNull(historyDelay, "historyDelay");
    if (historyDelay.isNegative()) {
      throw new IllegalArgumentException("historyDelay must not be negative");
    }
    if (maxPending < 1 || sustainedPending < 1) {
      throw new IllegalArgumentException("pending limits must be positive");
    }
  }

  /** These settings with other slow-client limits. */
  public ProtocolSettings withSlowClientLimits(
      int maxPending, int sustainedPending, Duration sustainedFor) {
    return new ProtocolSettings(
        token,
        haVersion,
        authTimeout,
        pingInterval,
        pongTimeout,
        maxPending,
        sustainedPending,
        sustainedFor,
        historyDelay);
  }

  public static ProtocolSettings defaults(String token) {
    return new ProtocolSettings(
        token,
        HA_VERSION,
        Duration.ofSeconds(10),
        Duration.ofSeconds(55),
        Duration.ofMillis(27_500),
        HA_MAX_PENDING,
        HA_PENDING_PEAK,
        HA_PENDING_PEAK_TIME,
        Duration.ZERO);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
