package dev.haingestor.common.config.store;

import java.time.Instant;

/**
 * One stored version of the runtime configuration, from the audit stream.
 *
 * @param id the stream entry id
 * @param version the version stored
 * @param updatedAt when it was stored
 * @param updatedBy who stored it ({@code ""} when unknown)
 * @param document the whole JSON document of that version, as stored
 */
public record ConfigHistoryEntry(
    String id, long version, Instant updatedAt, String updatedBy, String document) {}
