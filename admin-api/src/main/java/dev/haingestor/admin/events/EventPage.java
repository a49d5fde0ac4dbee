package dev.haingestor.admin.events;

import java.util.List;

/**
 * The body of {@code GET /api/v1/events}. Cursor pagination (a later issue) adds a {@code
 * next_cursor} here.
 */
public record EventPage(List<Event> events, int count) {

  static EventPage of(List<Event> events) {
    return new EventPage(List.copyOf(events), events.size());
  }
}
