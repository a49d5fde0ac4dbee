package dev.haingestor.ingestion.publish;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Publishing events to the Redis stream ({@code STREAM_*} environment variables).
 *
 * @param maxLength approximate retention of the event stream in entries ({@code
 *     STREAM_MAX_LENGTH}); XADD trims with {@code MAXLEN ~}
 * @param publishBatchSize events taken from the buffer and pipelined per round trip ({@code
 *     STREAM_PUBLISH_BATCH_SIZE})
 * @param retryMinDelay first delay before retrying a failed batch ({@code STREAM_RETRY_MIN_DELAY})
 * @param retryMaxDelay cap of the retry back-off ({@code STREAM_RETRY_MAX_DELAY}); retries go on
 *     while events wait in the bounded buffer
 * @param writeTimeout bound on one attempt to write a batch ({@code STREAM_WRITE_TIMEOUT})
 * @param shutdownDrainTimeout how long shutdown waits for buffered events to be published ({@code
 *     STREAM_SHUTDOWN_DRAIN_TIMEOUT})
 */
@Validated
@ConfigurationProperties(prefix = "stream")
public record PublishProperties(
    @Min(1) @DefaultValue("1000000") long maxLength,
    @Min(1) @Max(10_000) @DefaultValue("500") int publishBatchSize,
    @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration retryMinDelay,
    @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration retryMaxDelay,
    @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration writeTimeout,
    @NotNull @DefaultValue("10s") Duration shutdownDrainTimeout) {

  @AssertTrue(message = "STREAM_RETRY_MAX_DELAY must not be shorter than STREAM_RETRY_MIN_DELAY")
  public boolean isRetryDelayRangeValid() {
    return retryMinDelay == null
        || retryMaxDelay == null
        || retryMaxDelay.compareTo(retryMinDelay) >= 0;
  }
}
