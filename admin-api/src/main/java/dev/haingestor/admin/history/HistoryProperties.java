package dev.haingestor.admin.history;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 */
@Validated
@ConfigurationProperties("admin.history")
public record HistoryProperties(
    @Min(10) @Max(100_000) @DefaultValue("2000") int maxPoints,
    @Min(10) @Max(100_000) @DefaultValue("500") int autoPoints,
    @NotNull @DefaultValue("1h") Duration rawMaxRange,
    @NotNull @DefaultValue("400d") Duration maxRange) {}
