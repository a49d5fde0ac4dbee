package dev.haingestor.admin.history;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of {@code GET /api/v1/entities/{entity_id}/history}.
 *
 * @param maxPoints {@code ADMIN_HISTORY_MAX_POINTS}: the most points per series an answer may hold;
 *     an explicit {@code every} that would produce more is refused (400)
 * @param autoPoints {@code ADMIN_HISTORY_AUTO_POINTS}: without {@code every}, the bucket is the
 *     smallest round interval that gives at most this many points
 * @param rawMaxRange {@code ADMIN_HISTORY_RAW_MAX_RANGE}: without {@code every} and {@code fn}, a
 *     range up to this long answers the stored points themselves (when there are at most {@code
 *     maxPoints}; else it is downsampled)
 * @param maxRange {@code ADMIN_HISTORY_MAX_RANGE}: the longest range accepted
 * @param blockCacheMaxRange {@code ADMIN_HISTORY_BLOCK_CACHE_MAX_RANGE}: a range up to this long is
 *     answered from the entity's stored points kept in Redis by the hour (the block cache), fetched
 *     from InfluxDB only for hours not kept yet; 0 = every history request queries InfluxDB; at
 *     most 31 days
 * @param blockMaxPoints {@code ADMIN_HISTORY_BLOCK_MAX_POINTS}: the most points of one measurement
 *     in one hour the block cache keeps; an entity with more (one point every 3.6 s on average at
 *     the default) is queried from InfluxDB directly
 * @param blockMemoryMaxSize {@code ADMIN_HISTORY_BLOCK_MEMORY_MAX_SIZE}: the most bytes of blocks
 *     this instance keeps decoded in memory (16 bytes a point), saving the Redis read and the
 *     decoding for the hours a dashboard asks for again; 0 = read every block from Redis
 */
@Validated
@ConfigurationProperties("admin.history")
public record HistoryProperties(
    @Min(10) @Max(100_000) @DefaultValue("2000") int maxPoints,
    @Min(10) @Max(100_000) @DefaultValue("500") int autoPoints,
    @NotNull @DefaultValue("1h") Duration rawMaxRange,
    @NotNull @DefaultValue("400d") Duration maxRange,
    @NotNull @DurationMax(days = 31) @DefaultValue("2d") Duration blockCacheMaxRange,
    @Min(1) @Max(100_000) @DefaultValue("1000") int blockMaxPoints,
    @NotNull @DefaultValue("16MB") DataSize blockMemoryMaxSize) {}
