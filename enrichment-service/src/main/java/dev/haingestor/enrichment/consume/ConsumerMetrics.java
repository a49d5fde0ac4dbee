package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The consumer's meters, created once (per measurement name on first use, up to {@value
 * #MAX_MEASUREMENTS} names, beyond which points count under {@value #OTHER_MEASUREMENT}: with HA's
 * default schema every entity without a unit is a measurement of its own).
 */
@Component
class ConsumerMetrics {

  static final String SOURCE_TAG = "source";
  static final String MEASUREMENT_TAG = "measurement";
  static final int MAX_MEASUREMENTS = 200;
  static final String OTHER_MEASUREMENT = "_other";

  private final MeterRegistry registry;
  private final Counter consumed;
  private final Counter claimed;
  private final Counter acknowledged;
  private final Counter filtered;
  private final DistributionSummary batchSize;
  private final Map<String, Counter> pointsByMeasurement = new ConcurrentHashMap<>();
  private final Map<EventSource, Timer> pipelineLatency = new EnumMap<>(EventSource.class);

  ConsumerMetrics(MeterRegistry registry) {
    this.registry = registry;
    consumed =
        Counter.builder(MetricNames.ENRICHMENT_EVENTS_CONSUMED)
            .description("Entries read from the event stream, including redeliveries and claims")
            .register(registry);
    claimed =
        Counter.builder(MetricNames.ENRICHMENT_EVENTS_CLAIMED)
            .description("Entries taken over from idle consumers (XAUTOCLAIM)")
            .register(registry);
    acknowledged =
        Counter.builder(MetricNames.ENRICHMENT_EVENTS_ACKNOWLEDGED)
            .description("Entries acknowledged (written, skipped, filtered or dead-lettered)")
            .register(registry);
    filtered =
        Counter.builder(MetricNames.ENRICHMENT_EVENTS_FILTERED)
            .description("Entries dropped by the schema's include/exclude filter")
            .register(registry);
    batchSize =
        DistributionSummary.builder(MetricNames.ENRICHMENT_BATCH_SIZE)
            .description("Entries per batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue(10_000.0)
            .register(registry);
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

  void read(InFlightBatch batch) {
    consumed.increment(batch.size());
    batchSize.record(batch.size());
    if (batch.origin == InFlightBatch.Origin.CLAIMED) {
      claimed.increment(batch.size());
    }
  }

  void acknowledged(int entries, int filteredEntries) {
    acknowledged.increment(entries);
    if (filteredEntries > 0) {
      filtered.increment(filteredEntries);
    }
  }

  void written(
      List<PreparedBatch.EventOrigin> events, List<String> measurements, Instant acceptedAt) {
    Map<String, Integer> perMeasurement = new HashMap<>();
    for (String measurement : measurements) {
      perMeasurement.merge(measurement, 1, Integer::sum);
    }
    perMeasurement.forEach((measurement, count) -> points(measurement).increment(count));
    for (PreparedBatch.EventOrigin event : events) {
      pipelineLatency.get(event.source()).record(Duration.between(event.timeFired(), acceptedAt));
    }
  }

  private Counter points(String measurement) {
    Counter counter = pointsByMeasurement.get(measurement);
    if (counter != null) {
      return counter;
    }
    String tag = pointsByMeasurement.size() < MAX_MEASUREMENTS ? measurement : OTHER_MEASUREMENT;
    return pointsByMeasurement.computeIfAbsent(
        tag,
        name ->
            Counter.builder(MetricNames.ENRICHMENT_POINTS_WRITTEN)
                .description("Points InfluxDB accepted (2xx), by measurement")
                .tag(MEASUREMENT_TAG, name)
                .register(registry));
  }
}
