package dev.haingestor.benchmarks.sample;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.HaSimulator;
import java.time.Instant;
import java.util.List;

/**
 * Realistic events for the microbenchmarks and the reference measurements: the simulator's seeded
 * home (sensors with units and attributes, lights, switches, …) fired without a socket, so every
 * benchmark sees the same mix as the end-to-end run.
 */
public final class SampleEvents {

  private SampleEvents() {}

  /** {@code count} events of a home of {@code entities} entities, the same for the same seed. */
  public static List<EmittedEvent> generate(int count, int entities, long seed) {
    try (HaSimulator simulator =
        HaSimulator.builder()
            .seed(seed)
            .entityCount(entities)
            .historyCapacity(Math.max(1, count))
            .build()) {
      simulator.emit(count, 1_000_000);
      return simulator.emitted();
    }
  }

  /** The event as the ingestion service hands it on: live, received now. */
  public static StateChangedEvent toEvent(EmittedEvent emitted, Instant receivedAt) {
    return new StateChangedEvent(
        emitted.entityId(), emitted.timeFired(), emitted.newState(), EventSource.LIVE, receivedAt);
  }

  /** A WebSocket text frame carrying one event, as HA sends it to subscription {@code id}. */
  public static String frame(EmittedEvent emitted, int id) {
    return "{\"id\":" + id + ",\"type\":\"event\",\"event\":" + emitted.json() + "}";
  }

  /** A coalesced frame: a JSON array of event messages, as HA sends a queue of them. */
  public static String coalescedFrame(List<EmittedEvent> events, int id) {
    StringBuilder frame = new StringBuilder(events.size() * 700).append('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        frame.append(',');
      }
      frame.append(frame(events.get(i), id));
    }
    return frame.append(']').toString();
  }
}
