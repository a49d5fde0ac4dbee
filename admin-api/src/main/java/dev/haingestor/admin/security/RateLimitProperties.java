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
 *     least recently seen is forgotten beyond it (bounded memory under many addresses); also bounds
 *     the addresses whose failed authentications are counted
 * @param authFailuresPerMinute {@code ADMIN_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE}: requests with a
 *     wrong API key allowed per client address and minute; beyond it, every request of that address
 *     that presents a key is answered 429 without comparing the key, until the minute is over
 */
@Validated
@ConfigurationProperties("admin.rate-limit")
public record RateLimitProperties(
    @Min(1) @Max(1_000_000) @DefaultValue("100") int requestsPerSecond,
    @Min(1) @Max(1_000_000) @DefaultValue("1000") int maxClients,
    @Min(1) @Max(1_000_000) @DefaultValue("10") int authFailuresPerMinute) {}
