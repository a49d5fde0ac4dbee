package dev.haingestor.admin.deadletters;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /api/v1/dead-letters/replay}.
 *
 * @param replayed the entries moved back into the event stream, oldest first
 * @param skipped the selected entries left in place, with why
 * @param more true when more entries match than this request processed: replay again
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplayResult(List<Replayed> replayed, List<Skipped> skipped, boolean more) {

  /**
   * @param id the dead letter's id (now deleted)
   * @param eventId the id of the entry added to the event stream
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Replayed(String id, String eventId) {}

  public record Skipped(String id, String reason) {}
}
