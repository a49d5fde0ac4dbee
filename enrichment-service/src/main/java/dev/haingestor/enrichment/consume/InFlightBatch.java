package dev.haingestor.enrichment.consume;

import dev.haingestor.enrichment.runtime.EnrichmentSettings;
import java.util.Arrays;
import java.util.List;

/**
 * A batch read from the stream and not yet acknowledged, with how far it got. When a step fails
 * (InfluxDB unavailable, Redis down) the loop keeps the batch and resumes it at the failed step —
 * it does not read it again, which would count another delivery of every entry and could send
 * entries to the dead-letter stream for an outage that was not their fault. Touched by one step of
 * the loop at a time.
 *
 * <p>The entries' fields are let go once the batch is prepared: from then on its lines and ids are
 * all it needs, and a batch waits for InfluxDB long enough to live through young collections —
 * copying 5,000 entries' fields at each of them was most of the collector's work at the ceiling.
 */
final class InFlightBatch {

  /** Where the entries came from; pending and claimed entries have been delivered before. */
  enum Origin {
    OWN_PENDING,
    CLAIMED,
    NEW
  }

  final Origin origin;
  final EnrichmentSettings settings;
  private final String[] ids;
  private List<StreamEntry> entries;

  PreparedBatch prepared;
  boolean written;
  boolean deadLettersPublished;
  boolean recorded;

  InFlightBatch(Origin origin, List<StreamEntry> entries, EnrichmentSettings settings) {
    this.origin = origin;
    this.entries = List.copyOf(entries);
    this.settings = settings;
    this.ids = new String[entries.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = entries.get(i).id();
    }
  }

  /** The entries as read, until the batch is {@link #prepared(PreparedBatch) prepared}. */
  List<StreamEntry> entries() {
    if (entries == null) {
      throw new IllegalStateException("the batch is prepared: its entries were let go");
    }
    return entries;
  }

  /** Keeps the prepared batch and lets go of the entries' fields. */
  void prepared(PreparedBatch batch) {
    prepared = batch;
    entries = null;
  }

  boolean redelivered() {
    return origin != Origin.NEW;
  }

  String firstId() {
    return ids[0];
  }

  String lastId() {
    return ids[ids.length - 1];
  }

  List<String> ids() {
    return Arrays.asList(ids);
  }

  int size() {
    return ids.length;
  }
}
