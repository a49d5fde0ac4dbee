package dev.haingestor.admin.stats;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats?window=&top=}: event counts and rates of every pipeline stage, per
 * domain and for the busiest entities, over 5 minutes, 1 hour or 24 hours. Cached for {@code
 * ADMIN_CACHE_STATS_TTL} × the window's factor (1, 6, 30).
 */
@RestController
class StatsController {

  private final StatsReader reader;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;

  StatsController(StatsReader reader, ResponseCache cache, CacheProperties cacheProperties) {
    this.reader = reader;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
  }

  @GetMapping(path = "/api/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> stats(
      @RequestParam(name = "window", required = false) String window,
      @RequestParam(name = "top", required = false) String top) {
    StatsQuery query = StatsQuery.parse(window, top);
    return cache
        .json(
            CacheKey.of("stats", query.window().wireName(), query.top()),
            cacheProperties.statsTtl().multipliedBy(query.window().ttlFactor()),
            () -> reader.read(query))
        .map(json -> json.toResponse());
  }
}
