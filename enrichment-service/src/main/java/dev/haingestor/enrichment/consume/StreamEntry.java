package dev.haingestor.enrichment.consume;

import java.util.Map;

/**
 * One entry of the event stream as read.
 *
 * @param id the stream id, e.g. {@code 1714557600123-0}
 * @param fields the entry's fields; empty when the entry was trimmed from the stream while it was
 *     still pending
 */
record StreamEntry(String id, Map<String, String> fields) {}
