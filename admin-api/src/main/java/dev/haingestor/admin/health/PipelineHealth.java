package dev.haingestor.admin.health;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The numbers of the Redis side of the pipeline.
 *
 * @param streamLength entries in the event stream ({@code XLEN})
 * @param consumerGroup the enrichment group, {@code null} when it does not exist (yet)
 * @param deadLetters entries in the dead-letter stream ({@code XLEN})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineHealth(
    ComponentStatus status,
    Long streamLength,
    ConsumerGroupHealth consumerGroup,
    Long deadLetters,
    String reason) {

  /**
   * DEGRADED when the enrichment group does not exist, when there are dead letters (each is an
   * event not in InfluxDB), or when the group's pending entries or lag exceed the thresholds (the
   * enrichment service is falling behind); else UP.
   */
  static PipelineHealth evaluate(
      long streamLength,
      ConsumerGroupHealth group,
      long deadLetters,
      long pendingThreshold,
      long lagThreshold) {
    List<String> problems = new ArrayList<>();
    if (group == null) {
      problems.add("consumer group does not exist");
    } else {
      if (group.pending() > pendingThreshold) {
        problems.add(group.pending() + " pending entries (threshold " + pendingThreshold + ")");
      }
      if (group.lag() != null && group.lag() > lagThreshold) {
        problems.add("lag of " + group.lag() + " entries (threshold " + lagThreshold + ")");
      }
    }
    if (deadLetters > 0) {
      problems.add(deadLetters + " dead letters");
    }
    return new PipelineHealth(
        problems.isEmpty() ? ComponentStatus.UP : ComponentStatus.DEGRADED,
        streamLength,
        group,
        deadLetters,
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  static PipelineHealth down(String reason) {
    return new PipelineHealth(ComponentStatus.DOWN, null, null, null, reason);
  }
}
