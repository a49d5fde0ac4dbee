package dev.haingestor.common.stats;

import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.time.Instant;

/**
 * Where per-minute event counts live: one Redis hash per stage and minute, {@code
 * <prefix>stats:<stage>:<epoch minute>}, with the fields {@link #TOTAL}, {@code domain:<domain>}
 * and {@code entity:<entity_id>}, expiring after {@link #RETENTION}. Writers add with HINCRBY;
 * admin-api sums the minutes of a window.
 */
public record StatsKeys(RedisKeys keys) {

  /** Longest window served (24 h) plus a margin. */
  public static final Duration RETENTION = Duration.ofHours(25);

  public static final String TOTAL = "total";
  public static final String DOMAIN_FIELD_PREFIX = "domain:";
  public static final String ENTITY_FIELD_PREFIX = "entity:";

  public String minute(PipelineStage stage, long epochMinute) {
    return keys.prefix() + "stats:" + stage.wireName() + ":" + epochMinute;
  }

  public String minute(PipelineStage stage, Instant at) {
    return minute(stage, epochMinute(at));
  }

  public static long epochMinute(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), 60);
  }
}
