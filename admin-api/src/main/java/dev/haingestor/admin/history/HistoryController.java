package dev.haingestor.admin.history;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/entities/{entity_id}/history?start=&end=&every=&fn=}: an entity's numeric
 * values from InfluxDB, downsampled or raw, bounded to {@code ADMIN_HISTORY_MAX_POINTS} per series.
 * Cached for {@code ADMIN_CACHE_HISTORY_TTL}; a range that ended more than two TTLs ago no longer
 * changes and is kept ten times as long.
 */
@RestController
class HistoryController {

  private final HistoryFinder finder;
  private final HistoryProperties limits;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;
  private final Clock clock;

  HistoryController(
      HistoryFinder finder,
      HistoryProperties limits,
      ResponseCache cache,
      CacheProperties cacheProperties,
      Clock clock) {
    this.finder = finder;
    this.limits = limits;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
    this.clock = clock;
  }

  @GetMapping(
      path = "/api/v1/entities/{entityId}/history",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> history(
      @PathVariable("entityId") String entityId,
      @RequestParam(name = "start", required = false) String start,
      @RequestParam(name = "end", required = false) String end,
      @RequestParam(name = "every", required = false) String every,
      @RequestParam(name = "fn", required = false) String fn) {
    Instant now = clock.instant();
    HistoryQuery query = HistoryQuery.parse(entityId, start, end, every, fn, now, limits);
    return cache
        .json(
            CacheKey.of(
                "history", query.entityId(), query.start(), query.end(), query.every(), query.fn()),
            ttl(query, now),
            () -> finder.find(query))
        .map(json -> json.toResponse());
  }

  private Duration ttl(HistoryQuery query, Instant now) {
    return cacheProperties.historyTtl(query.end() != null ? query.end() : now, now);
  }
}
