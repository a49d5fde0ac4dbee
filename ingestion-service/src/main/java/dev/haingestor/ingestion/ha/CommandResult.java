package dev.haingestor.ingestion.ha;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A successful command result.
 *
 * @param id the command's id
 * @param result the {@code result} member as parsed with the frame, or {@code null} when the frame
 *     was handed over unparsed (a large answer, parsed by {@link #result()} on the caller's thread
 *     so that the socket's thread keeps reading events)
 * @param frame the frame the result came in, for callers that must read a number's exact decimal
 *     text (history timestamps, HA_PROTOCOL.md §9); the frame may hold other messages too
 */
public record CommandResult(int id, JsonNode result, String frame) {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** A large answer not parsed yet; {@link #result()} parses it where it is called. */
  static CommandResult unparsed(int id, String frame) {
    return new CommandResult(id, null, frame);
  }

  /** The {@code result} member; parsed now if it was handed over unparsed. Call off the socket. */
  @Override
  public JsonNode result() {
    if (result != null) {
      return result;
    }
    JsonNode root = MAPPER.readTree(frame);
    return root.path("result");
  }
}
