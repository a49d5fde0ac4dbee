package dev.haingestor.enrichment.status;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.status.ServiceStatusContract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What the heartbeat reports: {@code UP}, or {@code DEGRADED} with a reason while InfluxDB writes
 * or Redis reads fail; and the newest {@code time_fired} that InfluxDB accepted.
 */
@Component
public class EnrichmentStatus {

  static final String UP = "UP";
  static final String DEGRADED = "DEGRADED";

  private final AtomicReference<String> writeProblem = new AtomicReference<>();
  private final AtomicReference<String> readProblem = new AtomicReference<>();
  private final AtomicReference<Instant> lastWrittenEvent = new AtomicReference<>();

  /** InfluxDB accepted points up to this {@code time_fired}. */
  public void writeSucceeded(Instant newestTimeFired) {
    writeProblem.set(null);
    if (newestTimeFired != null) {
      lastWrittenEvent.accumulateAndGet(
          newestTimeFired, (old, now) -> old == null || now.isAfter(old) ? now : old);
    }
  }

  public void writeFailing(String reason) {
    writeProblem.set("InfluxDB writes failing: " + reason);
  }

  public void readSucceeded() {
    readProblem.set(null);
  }

  public void readFailing(String reason) {
    readProblem.set("Redis stream unavailable: " + reason);
  }

  /** The service-specific heartbeat fields. */
  public Map<String, String> snapshot() {
    Map<String, String> fields = new LinkedHashMap<>(4);
    String problem = writeProblem.get() != null ? writeProblem.get() : readProblem.get();
    fields.put(ServiceStatusContract.STATUS, problem == null ? UP : DEGRADED);
    if (problem != null) {
      fields.put(ServiceStatusContract.REASON, problem);
    }
    Instant last = lastWrittenEvent.get();
    if (last != null) {
      fields.put(ServiceStatusContract.LAST_EVENT_AT, HaTimestamps.format(last));
    }
    return fields;
  }
}
