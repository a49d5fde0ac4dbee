package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The consumer's meters, created once. */
@Component
class ConsumerMetrics {

  static final String OUTCOME_TAG = "outcome";
  static final String SOURCE_TAG = "source";

  private final Counter consumed;
  private final Counter pointsWritten;
  private final Timer writeSucceeded;
  private final Timer writeRetryable;
  private final Timer writeRejected;
  private final Map<EventSource, Timer> pipelineLatency = new EnumMap<>(EventSource.class);

  ConsumerMetrics(MeterRegistry registry) {
    consumed =
        Counter.builder(MetricNames.ENRICHMENT_EVENTS_CONSUMED)
            .description("Entries read from the event stream, including redeliveries")
            .register(registry);
    pointsWritten =
        Counter.builder(MetricNames.ENRICHMENT_POINTS_WRITTEN)
            .description("Points InfluxDB accepted (2xx)")
            .register(registry);
    writeSucceeded = writeTimer(registry, "success");
    writeRetryable = writeTimer(registry, "retryable");
    writeRejected = writeTimer(registry, "rejected");
    for (EventSource source : EventSource.values()) {
      // Backfilled events are old by design; a tag keeps them out of the live percentiles.
      pipelineLatency.put(
          source,
          Timer.builder(MetricNames.PIPELINE_LATENCY)
              .description("From the event's time_fired to InfluxDB's 2xx for its point")
              .tag(SOURCE_TAG, source.wireName())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofMinutes(10))
              .register(registry));
    }
  }

  private static Timer writeTimer(MeterRegistry registry, String outcome) {
    return Timer.builder(MetricNames.ENRICHMENT_WRITE_DURATION)
        .description("Duration of one InfluxDB write request (one batch)")
        .tag(OUTCOME_TAG, outcome)
        .publishPercentileHistogram()
        .register(registry);
  }

  void consumed(int entries) {
    consumed.increment(entries);
  }

  void writeSucceeded(Duration took) {
    writeSucceeded.record(took);
  }

  void writeRetryable(Duration took) {
    writeRetryable.record(took);
  }

  void writeRejected(Duration took) {
    writeRejected.record(took);
  }

  void written(List<StateChangedEvent> events, Instant acknowledgedAt) {
    pointsWritten.increment(events.size());
    for (StateChangedEvent event : events) {
      pipelineLatency
          .get(event.source())
          .record(Duration.between(event.timeFired(), acknowledgedAt));
    }
  }
}
