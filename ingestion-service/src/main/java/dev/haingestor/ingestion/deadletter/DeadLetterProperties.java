package dev.haingestor.ingestion.deadletter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dead-letter stream as written by ingestion.
 *
 * @param maxLength approximate retention of the dead-letter stream ({@code
 *     DEAD_LETTER_MAX_LENGTH}); XADD trims with {@code MAXLEN ~}
 * @param queueCapacity rejections held while Redis is unavailable ({@code
 *     DEAD_LETTER_QUEUE_CAPACITY}); beyond it they are counted and dropped
 */
@Validated
@ConfigurationProperties(prefix = "dead-letter")
public record DeadLetterProperties(
    @Min(1) @DefaultValue("100000") long maxLength,
    @Min(1) @Max(1_000_000) @DefaultValue("1000") int queueCapacity) {}
