package dev.haingestor.benchmarks.jmh;

import dev.haingestor.benchmarks.sample.SampleEvents;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.enrichment.point.HaPointMapper;
import dev.haingestor.enrichment.point.InfluxPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same 1,000 events (the simulator's seeded home) in every shape the hot path sees them:
 * events, stream entries, points. Built once per benchmark, outside the measurement.
 */
final class HotPathEvents {

  static final int COUNT = 1_000;

  final EventCodec codec = new EventCodec(JsonMapper.builder().build());

  /** As the enrichment service runs by default: HA's schema, no filter, precision ns. */
  final HaPointMapper mapper = HaPointMapper.haDefaults();

  final List<StateChangedEvent> events;
  final List<Map<String, String>> entries;

  /** {@link #COUNT} points, the events' points repeated where an event has none. */
  final List<InfluxPoint> points;

  HotPathEvents() {
    Instant receivedAt = Instant.now();
    events =
        SampleEvents.generate(COUNT, 1_000, 7).stream()
            .map(emitted -> SampleEvents.toEvent(emitted, receivedAt))
            .toList();
    entries = events.stream().map(codec::encode).toList();
    List<InfluxPoint> mapped = new ArrayList<>();
    for (StateChangedEvent event : events) {
      InfluxPoint point = mapper.toPoint(event);
      if (point != null) {
        mapped.add(point);
      }
    }
    // Exactly COUNT points (some events map to none, e.g. "unavailable" under HA's defaults).
    List<InfluxPoint> batch = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      batch.add(mapped.get(i % mapped.size()));
    }
    points = List.copyOf(batch);
  }
}
