package dev.haingestor.admin.stats;

import java.time.Duration;

/** The windows {@code GET /api/v1/stats} sums over, by their wire names. */
enum StatsWindow {
  FIVE_MINUTES("5m", Duration.ofMinutes(5), 1),
  ONE_HOUR("1h", Duration.ofHours(1), 6),
  ONE_DAY("24h", Duration.ofHours(24), 30);

  private final String wireName;
  private final Duration length;
  private final int ttlFactor;

  StatsWindow(String wireName, Duration length, int ttlFactor) {
    this.wireName = wireName;
    this.length = length;
    this.ttlFactor = ttlFactor;
  }

  String wireName() {
    return wireName;
  }

  /** Number of per-minute buckets, including the current, partial one. */
  int minutes() {
    return (int) length.toMinutes();
  }

  /** Longer windows change slower: their answers are cached longer. */
  int ttlFactor() {
    return ttlFactor;
  }

  /** The window of the wire name; {@code null} for an unknown one. */
  static StatsWindow parse(String text) {
    for (StatsWindow window : values()) {
      if (window.wireName.equals(text)) {
        return window;
      }
    }
    return null;
  }
}
