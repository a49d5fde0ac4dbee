package dev.haingestor.ingestion.checkpoint;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The checkpoint in Redis ({@code CHECKPOINT_*}).
 *
 * @param flushInterval how often the checkpoint and new gaps are written ({@code
 *     CHECKPOINT_FLUSH_INTERVAL}); a crash re-reads at most this much from HA's recorder
 */
@Validated
@ConfigurationProperties(prefix = "checkpoint")
public record CheckpointProperties(
    @NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration flushInterval) {}
