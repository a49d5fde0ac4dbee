package dev.haingestor.ingestion.buffer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-memory buffer between the WebSocket reader and the Redis publisher.
 *
 * @param capacity events held at most ({@code INGESTION_BUFFER_CAPACITY}); when full, new events
 *     are dropped and their time window recorded as a gap, so that HA is never slowed down
 */
@Validated
@ConfigurationProperties(prefix = "ingestion.buffer")
public record BufferProperties(@Min(1) @Max(10_000_000) @DefaultValue("100000") int capacity) {}
