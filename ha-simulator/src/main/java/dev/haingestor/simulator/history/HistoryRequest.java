package dev.haingestor.simulator.history;

import java.time.Instant;
import java.util.List;

/**
 * A validated {@code history/history_during_period} command.
 *
 * @param endTime exclusive end, or {@code null} for "until now"
 */
public record HistoryRequest(
    Instant startTime,
    Instant endTime,
    List<String> entityIds,
    boolean includeStartTimeState,
    boolean significantChangesOnly,
    boolean minimalResponse,
    boolean noAttributes) {

  public HistoryRequest {
    entityIds = List.copyOf(entityIds);
  }
}
