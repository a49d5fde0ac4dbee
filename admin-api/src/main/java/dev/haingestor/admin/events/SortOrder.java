package dev.haingestor.admin.events;

/** The order of events by time; newest first by default, as dashboards show the latest. */
public enum SortOrder {
  DESC,
  ASC;

  static final SortOrder DEFAULT = DESC;

  /** {@code asc} or {@code desc}, any case; {@code null} for anything else. */
  static SortOrder parse(String text) {
    for (SortOrder order : values()) {
      if (order.name().equalsIgnoreCase(text)) {
        return order;
      }
    }
    return null;
  }
}
