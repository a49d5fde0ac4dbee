package dev.haingestor.admin.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request rate limits of the {@code /api} endpoints.
 *
 * @param requestsPerSecond {@code ADMIN_RATE_LIMIT_REQUESTS_PER_SECOND}: requests per second
 *     allowed to each key, and to each client address that presents no valid key; beyond it, 429
 *     with {@code Retry-After}
 * @param maxClients {@code ADMIN_RATE_LIMIT_MAX_CLIENTS}: client addresses tracked at once; the
 *     least recently seen is forgotten beyond it (bounded memory under many addresses)
 */
@Validated
@ConfigurationProperties("admin.rate-limit")
public record RateLimitProperties(
    @Min(1) @Max(1_000_000) @DefaultValue("100") int requestsPerSecond,
    @Min(1) @Max(1_000_000) @DefaultValue("1000") int maxClients) {}
