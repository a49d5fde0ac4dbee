package dev.haingestor.admin.deadletters;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead-letter entries exactly as the services write them: enrichment-service {@code
 * DeadLetterPublisher} ({@code raw} = the event-stream entry as JSON) and ingestion-service {@code
 * DeadLetterEntry} ({@code raw} = the HA frame).
 */
final class DeadLetterEntries {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private DeadLetterEntries() {}

  /** The event-stream entry of a state of {@code entityId} at {@code time}. */
  static Map<String, String> event(String entityId, String state, Instant time) {
    HaState haState = new HaState(entityId, state, Map.of("unit_of_measurement", "W"), time, time);
    return new EventCodec(JSON)
        .encode(new StateChangedEvent(entityId, time, haState, EventSource.LIVE, time));
  }

  static Map<String, String> enrichment(Map<String, String> entry, String reason) {
    return enrichmentRaw(JSON.writeValueAsString(entry), reason);
  }

  static Map<String, String> enrichmentRaw(String raw, String reason) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("reason", reason);
    fields.put("detail", "partial write: field type conflict");
    fields.put("stage", "enrichment");
    fields.put("raw", raw);
    fields.put("original_id", "1714557600000-0");
    fields.put("failed_at", "2024-05-01T10:00:00.500000+00:00");
    return fields;
  }

  static Map<String, String> ingestion(String frame) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("reason", "invalid_json");
    fields.put("detail", "not JSON");
    fields.put("stage", "ingestion");
    fields.put("raw", frame);
    fields.put("failed_at", "2024-05-01T10:00:00+00:00");
    return fields;
  }
}
