package dev.haingestor.admin.deadletters;

import dev.haingestor.common.event.InvalidEventException;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.StreamFields;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a dead letter can go back into the event stream, and with which fields.
 *
 * <p>Only the enrichment stage's dead letters can: their {@code raw} is the original event-stream
 * entry as a JSON object of strings (enrichment-service {@code DeadLetterPublisher}), which is
 * re-added as it was. The entry must still decode as an event ({@link EventCodec}): one that does
 * not would only be dead-lettered again. The ingestion stage's dead letters are HA frames that
 * never were events; a {@code raw} cut at 64 KiB is no longer JSON.
 */
final class Replayability {

  static final String ENRICHMENT_STAGE = "enrichment";

  private final JsonMapper jsonMapper;
  private final EventCodec codec;

  Replayability(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
    this.codec = new EventCodec(jsonMapper);
  }

  /**
   * @param fields the original entry's fields when replayable, else {@code null}
   * @param entityId the event's entity, when decodable
   * @param reason why not replayable, else {@code null}
   */
  record Verdict(Map<String, String> fields, String entityId, String reason) {
    boolean replayable() {
      return fields != null;
    }
  }

  Verdict judge(Map<String, String> deadLetter) {
    String stage = deadLetter.get(StreamFields.STAGE);
    if (!ENRICHMENT_STAGE.equals(stage)) {
      return new Verdict(
          null,
          null,
          "stage "
              + (stage == null ? "unknown" : stage)
              + ": the raw input was never an event-stream entry");
    }
    Map<String, String> fields = originalEntry(deadLetter.get(StreamFields.RAW));
    if (fields == null) {
      return new Verdict(
          null, null, "raw is not the original entry as a JSON object of strings (truncated?)");
    }
    if (fields.isEmpty()) {
      return new Verdict(
          null, null, "the original entry was empty (trimmed from the event stream before)");
    }
    StateChangedEvent event;
    try {
      event = codec.decode(fields);
    } catch (InvalidEventException e) {
      return new Verdict(null, null, "the original entry is not a valid event: " + e.getMessage());
    }
    return new Verdict(fields, event.entityId(), null);
  }

  private Map<String, String> originalEntry(String raw) {
    if (raw == null) {
      return null;
    }
    JsonNode node;
    try {
      node = jsonMapper.readTree(raw);
    } catch (JacksonException e) {
      return null;
    }
    if (!node.isObject()) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isString()) {
        return null;
      }
      fields.put(field.getKey(), field.getValue().stringValue());
    }
    return fields;
  }
}
