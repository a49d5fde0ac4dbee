package dev.haingestor.admin.cache;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis response cache of the read endpoints. A TTL of 0 turns caching off for that endpoint.
 *
 * @param enabled {@code ADMIN_CACHE_ENABLED}: false = every read is computed
 * @param healthTtl {@code ADMIN_CACHE_HEALTH_TTL}: {@code GET /api/v1/health}
 * @param pipelineTtl {@code ADMIN_CACHE_PIPELINE_TTL}: {@code GET /api/v1/pipeline}
 * @param statsTtl {@code ADMIN_CACHE_STATS_TTL}: {@code GET /api/v1/stats} with the 5 min window;
 *     the 1 h window keeps it 6×, the 24 h window 30× (their numbers move slower)
 * @param entitiesTtl {@code ADMIN_CACHE_ENTITIES_TTL}: {@code GET /api/v1/entities} and one entity
 * @param historyTtl {@code ADMIN_CACHE_HISTORY_TTL}: {@code GET /api/v1/entities/{id}/history}
 *     whose range reaches into the last {@link #historyTtl} × 2; older ranges do not change and
 *     stay 10× as long
 * @param eventsTtl {@code ADMIN_CACHE_EVENTS_TTL}: {@code GET /api/v1/events}
 * @param lockTtl {@code ADMIN_CACHE_LOCK_TTL}: how long one instance may hold the right to compute
 *     an entry before another may take over (longer than the slowest computation)
 * @param lockWait {@code ADMIN_CACHE_LOCK_WAIT}: how long a request waits for another instance's
 *     computation of the same entry before computing it itself
 * @param redisTimeout {@code ADMIN_CACHE_REDIS_TIMEOUT}: the longest a cache read or write may
 *     take; slower = treated as a cache failure, the request is answered uncached
 * @param maxEntrySize {@code ADMIN_CACHE_MAX_ENTRY_SIZE}: larger answers are not cached
 * @param localTtl {@code ADMIN_CACHE_LOCAL_TTL}: how long an instance keeps an answer it read from
 *     Redis (asked for at least twice) in memory as well (never longer than the endpoint's TTL), so
 *     a burst of identical polls costs no Redis round trip; 0 = Redis only
 * @param localMaxSize {@code ADMIN_CACHE_LOCAL_MAX_SIZE}: the most bytes of answers kept in memory
 */
@Validated
@ConfigurationProperties("admin.cache")
public record CacheProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("2s") Duration healthTtl,
    @NotNull @DefaultValue("2s") Duration pipelineTtl,
    @NotNull @DefaultValue("5s") Duration statsTtl,
    @NotNull @DefaultValue("5s") Duration entitiesTtl,
    @NotNull @DefaultValue("30s") Duration historyTtl,
    @NotNull @DefaultValue("10s") Duration eventsTtl,
    @NotNull @DefaultValue("15s") Duration lockTtl,
    @NotNull @DefaultValue("3s") Duration lockWait,
    @NotNull @DefaultValue("250ms") Duration redisTimeout,
    @NotNull @DefaultValue("4MB") DataSize maxEntrySize,
    @NotNull @DefaultValue("1s") Duration localTtl,
    @NotNull @DefaultValue("16MB") DataSize localMaxSize) {

  /** How much longer than {@link #historyTtl} history that no longer changes is kept. */
  private static final int SETTLED_HISTORY_TTL_FACTOR = 10;

  /**
   * The TTL of history up to {@code end}: {@link #historyTtl}, or ten times that when {@code end}
   * lies more than two TTLs in the past (points that old have arrived; only a backfill after a long
   * outage or a dead-letter replay adds to them).
   */
  public Duration historyTtl(Instant end, Instant now) {
    boolean settled = end.isBefore(now.minus(historyTtl.multipliedBy(2)));
    return settled ? historyTtl.multipliedBy(SETTLED_HISTORY_TTL_FACTOR) : historyTtl;
  }
}
