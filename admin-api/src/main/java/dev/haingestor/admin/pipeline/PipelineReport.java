package dev.haingestor.admin.pipeline;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/pipeline}: the Redis side of the pipeline in detail.
 *
 * @param checkedAt HA timestamp of the report
 * @param stream the event stream
 * @param groups its consumer groups
 * @param deadLetters the dead-letter stream's length
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineReport(
    String checkedAt, StreamReport stream, List<GroupReport> groups, long deadLetters) {

  /**
   * @param key the Redis key
   * @param length entries now ({@code XLEN})
   * @param maxLength the configured retention ({@code STREAM_MAX_LENGTH})
   * @param headroom entries that can still be added before trimming starts: {@code maxLength −
   *     length}, at least 0
   * @param firstEntryId the oldest entry still kept, {@code null} when empty
   * @param lastEntryId the newest entry, {@code null} when empty
   * @param oldestEntryAgeMs how far back the stream reaches (from the oldest entry's id)
   * @param entriesAdded entries ever added (Redis 7), {@code null} when unknown
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record StreamReport(
      String key,
      long length,
      long maxLength,
      long headroom,
      String firstEntryId,
      String lastEntryId,
      Long oldestEntryAgeMs,
      Long entriesAdded) {}

  /**
   * @param name the group
   * @param consumerCount consumers known to the group
   * @param pending delivered, not yet acknowledged
   * @param lag not yet delivered to the group; {@code null} when Redis cannot tell
   * @param lagHeadroom undelivered entries the stream can still take before trimming would drop
   *     some of them ({@code maxLength − lag}); {@code null} with an unknown lag
   * @param lastDeliveredId the group's position
   * @param oldestPending the oldest pending entry, {@code null} when none
   * @param consumers every consumer
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record GroupReport(
      String name,
      long consumerCount,
      long pending,
      Long lag,
      Long lagHeadroom,
      String lastDeliveredId,
      PendingEntry oldestPending,
      List<ConsumerReport> consumers) {}

  /**
   * @param id the entry's id
   * @param ageMs since the entry was added (from its id)
   * @param idleMs since it was last delivered
   * @param deliveries how often it was delivered
   * @param consumer who holds it
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PendingEntry(
      String id, long ageMs, long idleMs, long deliveries, String consumer) {}

  /**
   * @param name the consumer's name
   * @param pending entries it holds
   * @param idleMs since its last read attempt or acknowledgement
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ConsumerReport(String name, long pending, long idleMs) {}
}
