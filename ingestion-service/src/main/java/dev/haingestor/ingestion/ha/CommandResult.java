package dev.haingestor.ingestion.ha;

import tools.jackson.databind.JsonNode;

/**
 * A successful command result.
 *
 * @param id the command's id
 * @param result the {@code result} member, as parsed for every frame (floats as doubles)
 * @param frame the frame the result came in, for callers that must read a number's exact decimal
 *     text (history timestamps, HA_PROTOCOL.md §9); the frame may hold other messages too
 */
public record CommandResult(int id, JsonNode result, String frame) {}
