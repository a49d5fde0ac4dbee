package dev.haingestor.enrichment.consume;

import dev.haingestor.enrichment.runtime.EnrichmentSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch read from the stream and not yet acknowledged, with how far it got. When a step fails
 * (InfluxDB unavailable, Redis down) the loop keeps the batch and resumes it at the failed step —
 * it does not read it again, which would count another delivery of every entry and could send
 * entries to the dead-letter stream for an outage that was not their fault. Touched by one step of
 * the loop at a time.
 */
final class InFlightBatch {

  /** Where the entries came from; pending and claimed entries have been delivered before. */
  enum Origin {
    OWN_PENDING,
    CLAIMED,
    NEW
  }

  final Origin origin;
  final List<StreamEntry> entries;
  final EnrichmentSettings settings;

  PreparedBatch prepared;
  boolean written;
  boolean deadLettersPublished;
  boolean recorded;

  InFlightBatch(Origin origin, List<StreamEntry> entries, EnrichmentSettings settings) {
    this.origin = origin;
    this.entries = List.copyOf(entries);
    this.settings = settings;
  }

  boolean redelivered() {
    return origin != Origin.NEW;
  }

  String firstId() {
    return entries.get(0).id();
  }

  String lastId() {
    return entries.get(entries.size() - 1).id();
  }

  List<String> ids() {
    List<String> ids = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      ids.add(entry.id());
    }
    return ids;
  }

  int size() {
    return entries.size();
  }
}
