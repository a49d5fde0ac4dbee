package dev.haingestor.admin.health;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The enrichment consumer group on the event stream, from {@code XINFO GROUPS}.
 *
 * @param pending entries delivered to a consumer and not yet acknowledged
 * @param lag entries not yet delivered to the group; {@code null} when Redis cannot tell (before
 *     Redis 7, or after trimming/deletions past the group's position)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConsumerGroupHealth(
    String name, long consumers, long pending, Long lag, String lastDeliveredId) {}
