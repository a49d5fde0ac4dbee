package dev.haingestor.common.event;

import java.util.Locale;

/**
 * How an event reached the stream: live from the WebSocket subscription, or recovered from HA's
 * recorder.
 */
public enum EventSource {
  LIVE,
  BACKFILL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventSource fromWireName(String name) {
    return switch (name) {
      case "live" -> LIVE;
      case "backfill" -> BACKFILL;
      default -> throw new IllegalArgumentException("unknown event source: " + name);
    };
  }
}
