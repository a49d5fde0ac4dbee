package dev.haingestor.admin.events;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/events}.
 *
 * @param events this page
 * @param count events on this page
 * @param nextCursor the {@code cursor} parameter of the next page; {@code null} on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventPage(List<Event> events, int count, String nextCursor) {}
