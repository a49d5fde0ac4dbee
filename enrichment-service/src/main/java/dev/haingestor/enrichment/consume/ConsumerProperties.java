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
 * How the consumer reads and retries. {@code batchSize} and {@code blockTimeout} are mapped from
 * the seed's variable names, with their defaults, in {@code application.yml}.
 *
 * @param batchSize {@code EVENT_BATCH_SIZE}: most entries read, and written to InfluxDB, at once
 *     (1..10000). Batching is adaptive: whatever is in the stream, up to this, is written at once
 * @param blockTimeout {@code BATCH_TIMEOUT_SECONDS}: upper bound of one blocking read when the
 *     stream is empty (whole seconds in the variable, 1..30); it never delays entries that exist
 * @param writeAttempts attempts of one batch write before the consumer pauses and re-reads its
 *     pending entries; the entries stay pending in Redis meanwhile
 * @param retryInitialBackoff first pause between write attempts, and after a Redis failure
 * @param retryMaxBackoff longest pause; pauses double up to it
 */
@Validated
@ConfigurationProperties("enrichment.consumer")
public record ConsumerProperties(
    @NotNull @Min(1) @Max(10_000) Integer batchSize,
    @NotNull @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 100) @DurationMax(seconds = 30)
        Duration blockTimeout,
    @DefaultValue("5") @Min(1) @Max(20) int writeAttempts,
    @DefaultValue("500ms") @NotNull @DurationMin(millis = 1) Duration retryInitialBackoff,
    @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration retryMaxBackoff) {

  /** The pause after {@code failures} consecutive failures: doubling, capped. */
  Duration backoff(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 20));
    Duration pause = retryInitialBackoff.multipliedBy(1L << doublings);
    return pause.compareTo(retryMaxBackoff) > 0 ? retryMaxBackoff : pause;
  }
}
