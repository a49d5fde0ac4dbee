package dev.haingestor.admin.deadletters;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entry of the dead-letter stream as the API shows it.
 *
 * @param id the dead-letter stream id (for replay and delete)
 * @param reason why it was refused ({@code RejectionReason} wire name)
 * @param detail the refusing stage's explanation
 * @param stage {@code ingestion} (an HA frame that was not a valid event) or {@code enrichment} (an
 *     event-stream entry that could not be written)
 * @param failedAt HA timestamp of the refusal
 * @param originalId the entry's id in the event stream (enrichment stage), else {@code null}
 * @param entityId the event's entity when the raw entry is a decodable event, else {@code null}
 * @param replayable whether {@code POST /api/v1/dead-letters/replay} can move it back
 * @param notReplayableBecause why not, when not replayable
 * @param raw what was refused: the HA frame (ingestion) or the event-stream entry as JSON
 *     (enrichment), cut to 64 KiB by the writer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(
    String id,
    String reason,
    String detail,
    String stage,
    String failedAt,
    String originalId,
    String entityId,
    boolean replayable,
    String notReplayableBecause,
    String raw) {}
