package dev.haingestor.admin.config;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/config/history}: the newest stored versions first.
 *
 * @param entries one per stored version
 * @param count entries in this answer
 */
public record ConfigHistoryPage(List<Entry> entries, int count) {

  /**
   * @param version the stored version
   * @param updatedAt when it was stored (ISO-8601)
   * @param updatedBy who stored it: {@code admin-key}, or the name another writer gave
   * @param document the whole document of that version
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Entry(long version, String updatedAt, String updatedBy, JsonNode document) {}
}
