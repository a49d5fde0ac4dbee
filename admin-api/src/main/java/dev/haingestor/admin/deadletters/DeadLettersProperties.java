package dev.haingestor.admin.deadletters;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the dead-letter endpoints.
 *
 * @param replayMax {@code ADMIN_DEAD_LETTERS_REPLAY_MAX}: the most entries one replay request moves
 *     back (the default and the largest {@code limit})
 * @param scanMax {@code ADMIN_DEAD_LETTERS_SCAN_MAX}: the most dead-letter entries one request
 *     reads while looking for matches of a filter
 */
@Validated
@ConfigurationProperties("admin.dead-letters")
public record DeadLettersProperties(
    @Min(1) @Max(10_000) @DefaultValue("100") int replayMax,
    @Min(100) @Max(1_000_000) @DefaultValue("10000") int scanMax) {}
