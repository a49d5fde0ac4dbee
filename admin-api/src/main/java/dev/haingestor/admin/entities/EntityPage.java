package dev.haingestor.admin.entities;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/entities}.
 *
 * @param entities this page, by entity id
 * @param total entities matching the filters (all pages)
 * @param offset the position of the first entity of this page among the matches
 * @param limit the page size asked for
 * @param nextOffset the {@code offset} of the next page, {@code null} on the last page
 * @param truncated true when the index holds more entries than admin-api reads ({@code
 *     ADMIN_ENTITIES_MAX_INDEX_SIZE}); the answer then covers only part of it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityPage(
    List<EntityView> entities,
    int total,
    int offset,
    int limit,
    Integer nextOffset,
    boolean truncated) {}
