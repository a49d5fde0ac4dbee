package dev.haingestor.common.event;

import java.util.Locale;

/**
 * How an event reached the stream: live from the WebSocket subscription, or recovered from HA's
 * recorder.
 */
public enum EventSource {
  LIVE,
  BACKFILL;

  // Written into every stream entry: made once, not per event.
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static EventSource fromWireName(String name) {
    return switch (name) {
      case "live" -> LIVE;
      case "backfill" -> BACKFILL;
      default -> throw new IllegalArgumentException("unknown event source: " + name);
    };
  }
}
