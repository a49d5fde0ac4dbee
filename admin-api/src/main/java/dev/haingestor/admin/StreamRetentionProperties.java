package dev.haingestor.admin;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The event stream's retention as the ingestion service configures it: the same variable, the same
 * default, so that admin-api computes the headroom against the real bound ({@code GET
 * /api/v1/pipeline}) and trims replayed dead letters as ingestion trims every XADD.
 *
 * @param maxLength {@code STREAM_MAX_LENGTH}: the ingestion service trims the event stream to about
 *     this many entries ({@code XADD MAXLEN ~})
 */
@Validated
@ConfigurationProperties("stream")
public record StreamRetentionProperties(@Positive @DefaultValue("1000000") long maxLength) {}
