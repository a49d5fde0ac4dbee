package dev.haingestor.admin.deadletters;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/dead-letters}.
 *
 * @param deadLetters this page, newest first
 * @param count entries on this page
 * @param total entries in the dead-letter stream ({@code XLEN}), whatever the filter
 * @param nextBefore the {@code before} parameter of the next (older) page; {@code null} when the
 *     stream holds nothing older
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetterPage(
    List<DeadLetter> deadLetters, int count, long total, String nextBefore) {}
