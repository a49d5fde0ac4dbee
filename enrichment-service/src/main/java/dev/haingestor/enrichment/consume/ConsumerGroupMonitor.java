package dev.haingestor.enrichment.consume;

import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the consumer group's state every {@code monitorInterval} (XINFO GROUPS, XPENDING) for the
 * gauges {@value MetricNames#ENRICHMENT_GROUP_LAG}, {@value MetricNames#ENRICHMENT_GROUP_PENDING}
 * and {@value MetricNames#ENRICHMENT_PENDING_OLDEST_AGE}, and for the health component {@code
 * consumerGroup}. Gauges show NaN until the first answer and while Redis cannot tell.
 */
@Component
class ConsumerGroupMonitor implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConsumerGroupMonitor.class);

  /** What was last seen, and when. */
  record Snapshot(Long lag, Long pending, Instant oldestPendingAddedAt, Instant readAt) {}

  private final ConsumerGroupClient group;
  private final ConsumerProperties properties;
  private final Clock clock;
  private final AtomicReference<Snapshot> last = new AtomicReference<>();
  private volatile Disposable polling;
  private volatile boolean failing;

  ConsumerGroupMonitor(
      ConsumerGroupClient group,
      ConsumerProperties properties,
      Clock clock,
      MeterRegistry registry) {
    this.group = group;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder(MetricNames.ENRICHMENT_GROUP_LAG, this, m -> value(m.last.get(), true))
        .description("Stream entries not yet delivered to the consumer group (XINFO GROUPS lag)")
        .register(registry);
    Gauge.builder(MetricNames.ENRICHMENT_GROUP_PENDING, this, m -> value(m.last.get(), false))
        .description("Entries delivered to the group but not acknowledged")
        .register(registry);
    Gauge.builder(MetricNames.ENRICHMENT_PENDING_OLDEST_AGE, this, ConsumerGroupMonitor::oldestAge)
        .description("Age of the oldest pending entry, from its stream id; 0 when none")
        .baseUnit("seconds")
        .register(registry);
  }

  /** The newest reading, or null before the first. */
  Snapshot snapshot() {
    return last.get();
  }

  Mono<Snapshot> poll() {
    return group
        .groupInfo()
        .map(
            info ->
                new Snapshot(
                    info.lag(), info.pending(), addedAt(info.oldestPendingId()), clock.instant()))
        .doOnNext(
            snapshot -> {
              last.set(snapshot);
              if (failing) {
                failing = false;
                log.info("Reading the consumer group's state works again");
              }
            })
        .onErrorResume(
            e -> {
              if (!failing) {
                failing = true;
                log.warn(
                    "Reading the consumer group's state failed ({}); lag and pending metrics "
                        + "keep their last values",
                    e.toString());
              }
              return Mono.empty();
            });
  }

  private static double value(Snapshot snapshot, boolean lag) {
    if (snapshot == null) {
      return Double.NaN;
    }
    Long value = lag ? snapshot.lag() : snapshot.pending();
    return value == null ? Double.NaN : value;
  }

  private double oldestAge() {
    Snapshot snapshot = last.get();
    if (snapshot == null) {
      return Double.NaN;
    }
    if (snapshot.oldestPendingAddedAt() == null) {
      return 0;
    }
    return Math.max(
        0, Duration.between(snapshot.oldestPendingAddedAt(), clock.instant()).toMillis() / 1000.0);
  }

  /** A stream id's first part is the milliseconds at which the entry was added. */
  static Instant addedAt(String streamId) {
    if (streamId == null) {
      return null;
    }
    int dash = streamId.indexOf('-');
    try {
      return Instant.ofEpochMilli(
          Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  long lagThreshold() {
    return properties.lagHealthThreshold();
  }

  @Override
  public void start() {
    polling =
        Flux.interval(Duration.ZERO, properties.monitorInterval())
            .onBackpressureDrop()
            .concatMap(tick -> poll(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = polling;
    polling = null;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return polling != null;
  }
}
