package dev.haingestor.enrichment.consume;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How the consumer reads, claims and retries. {@code batchSize} and {@code batchTimeout} are mapped
 * from the seed's variable names, with their defaults, in {@code application.yml}. The runtime
 * configuration's {@code enrichment} section replaces {@code batchSize}, {@code batchTimeout} and
 * {@code minBatchSize} while the service runs.
 *
 * @param batchSize {@code EVENT_BATCH_SIZE}: most entries read, and written to InfluxDB, at once
 *     (1..10000). Batching is adaptive: whatever is in the stream, up to this, is written at once
 * @param batchTimeout {@code BATCH_TIMEOUT_SECONDS}: how long a batch smaller than {@code
 *     minBatchSize} may wait for more entries (whole seconds in the variable, 0..60)
 * @param minBatchSize {@code ENRICHMENT_CONSUMER_MIN_BATCH_SIZE}: entries worth writing without
 *     waiting; 1 (default) writes whatever is there at once
 * @param blockTimeout upper bound of one blocking read when the stream is empty; it never delays
 *     entries that exist, and bounds how long a shutdown waits for a read
 * @param writeAttempts attempts of one batch write (the first included) before the batch is held
 *     and retried once the circuit breaker lets writes through again
 * @param retryInitialBackoff first pause between write attempts, and after a Redis failure
 * @param retryMaxBackoff longest pause; pauses double up to it
 * @param breakerOpenDuration how long the InfluxDB circuit breaker stays open (no writes, no reads)
 *     before one probe write of the held batch
 * @param claimMinIdle entries pending this long in any consumer's list (a crashed or stopped
 *     instance) are claimed with XAUTOCLAIM
 * @param claimInterval how often idle entries are looked for
 * @param maxDeliveries an entry delivered more often than this goes to the dead-letter stream
 *     ({@code too_many_deliveries}) instead of being processed again
 * @param monitorInterval how often the group's lag and pending list are read for metrics and health
 * @param lagHealthThreshold undelivered entries (group lag) above which the health component {@code
 *     consumerGroup} reports {@code DEGRADED}
 * @param concurrency {@code ENRICHMENT_CONSUMER_CONCURRENCY}: consumers of the group in this
 *     instance (1..8), each reading, writing and acknowledging one batch at a time; with 2
 *     (default), new entries are read by one while the other waits for InfluxDB, which keeps the
 *     latency at low rates down to about one write. The first consumer has the instance's name, the
 *     others {@code <name>#2} and on
 */
@Validated
@ConfigurationProperties("enrichment.consumer")
public record ConsumerProperties(
    @NotNull @Min(1) @Max(10_000) Integer batchSize,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) @DurationMin(seconds = 0) @DurationMax(seconds = 60)
        Duration batchTimeout,
    @DefaultValue("1") @Min(1) @Max(10_000) int minBatchSize,
    @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30)
        Duration blockTimeout,
    @DefaultValue("5") @Min(1) @Max(20) int writeAttempts,
    @DefaultValue("500ms") @NotNull @DurationMin(millis = 1) Duration retryInitialBackoff,
    @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration retryMaxBackoff,
    @DefaultValue("10s") @NotNull @DurationMin(millis = 10) Duration breakerOpenDuration,
    @DefaultValue("60s") @NotNull @DurationMin(millis = 100) Duration claimMinIdle,
    @DefaultValue("30s") @NotNull @DurationMin(millis = 100) Duration claimInterval,
    @DefaultValue("10") @Min(1) @Max(1000) int maxDeliveries,
    @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration monitorInterval,
    @DefaultValue("10000") @Min(0) long lagHealthThreshold,
    @DefaultValue("2") @Min(1) @Max(8) int concurrency) {

  /** The pause after {@code failures} consecutive failures: doubling, capped. */
  Duration backoff(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 20));
    Duration pause = retryInitialBackoff.multipliedBy(1L << doublings);
    return pause.compareTo(retryMaxBackoff) > 0 ? retryMaxBackoff : pause;
  }
}
