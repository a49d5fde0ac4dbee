package dev.haingestor.enrichment.runtime;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Following the runtime configuration that admin-api stores in Redis.
 *
 * @param enabled {@code ENRICHMENT_RUNTIME_CONFIG_ENABLED}: false runs on the environment alone
 * @param pollInterval {@code ENRICHMENT_RUNTIME_CONFIG_POLL_INTERVAL}: how often the document is
 *     read besides the change notifications (which are lost while Redis is unreachable)
 */
@Validated
@ConfigurationProperties("enrichment.runtime-config")
public record RuntimeConfigProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration pollInterval) {}
