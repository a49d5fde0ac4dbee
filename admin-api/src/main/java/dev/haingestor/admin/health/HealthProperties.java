package dev.haingestor.admin.health;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code GET /api/v1/health}.
 *
 * @param checkTimeout {@code ADMIN_HEALTH_CHECK_TIMEOUT}: the longest one component check (Redis
 *     PING, InfluxDB ping, stream numbers, status hashes) may take before it counts as DOWN
 * @param pendingThreshold {@code ADMIN_HEALTH_PENDING_THRESHOLD}: more entries than this delivered
 *     to the enrichment group but not yet acknowledged make the pipeline DEGRADED
 * @param lagThreshold {@code ADMIN_HEALTH_LAG_THRESHOLD}: more entries than this not yet delivered
 *     to the enrichment group make the pipeline DEGRADED
 * @param staleAfter {@code ADMIN_HEALTH_STALE_AFTER}: a service whose last heartbeat ({@code
 *     updated_at}, written every 5 s) is older than this is DEGRADED (stale) even if it reported
 *     UP; after the heartbeat's 20 s TTL it is DOWN (no heartbeat)
 */
@Validated
@ConfigurationProperties("admin.health")
public record HealthProperties(
    @NotNull @DefaultValue("2s") Duration checkTimeout,
    @PositiveOrZero @DefaultValue("1000") long pendingThreshold,
    @PositiveOrZero @DefaultValue("10000") long lagThreshold,
    @NotNull @DefaultValue("15s") Duration staleAfter) {}
