package dev.haingestor.enrichment.consume;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health component {@code consumerGroup}: the group's lag, pending count and oldest pending entry
 * as last read by the monitor. {@code DEGRADED} (HTTP 200, see {@code application.yml}) while the
 * lag exceeds {@code lagHealthThreshold}: the service works but falls behind; {@code UNKNOWN}
 * before the first reading.
 */
@Component("consumerGroup")
class ConsumerGroupHealthIndicator extends AbstractReactiveHealthIndicator {

  static final Status DEGRADED = new Status("DEGRADED", "consumer group lag above threshold");

  private final ConsumerGroupMonitor monitor;
  private final ConsumerGroupClient group;

  ConsumerGroupHealthIndicator(ConsumerGroupMonitor monitor, ConsumerGroupClient group) {
    super("Consumer group health check failed");
    this.monitor = monitor;
    this.group = group;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    ConsumerGroupMonitor.Snapshot snapshot = monitor.snapshot();
    builder.withDetail("stream", group.streamKey()).withDetail("consumer", group.consumerName());
    if (snapshot == null) {
      return Mono.just(builder.unknown().build());
    }
    builder
        .withDetail("lag", snapshot.lag() == null ? "unknown" : snapshot.lag())
        .withDetail("pending", snapshot.pending() == null ? "unknown" : snapshot.pending())
        .withDetail("lagThreshold", monitor.lagThreshold())
        .withDetail("readAt", snapshot.readAt().toString());
    if (snapshot.oldestPendingAddedAt() != null) {
      builder.withDetail("oldestPendingAddedAt", snapshot.oldestPendingAddedAt().toString());
    }
    boolean behind = snapshot.lag() != null && snapshot.lag() > monitor.lagThreshold();
    return Mono.just((behind ? builder.status(DEGRADED) : builder.up()).build());
  }
}
