package dev.haingestor.admin.events;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/events}: raw stored events of one entity or one domain from InfluxDB, one page
 * at a time ({@code cursor}); cached for {@code ADMIN_CACHE_EVENTS_TTL}.
 *
 * <p>Parameters arrive as text and are validated by {@link EventQuery#parse}; there is deliberately
 * no {@code @Validated} here (on a WebFlux controller it turns a bad parameter into a 500,
 * STACK.md).
 */
@RestController
class EventsController {

  private final EventFinder finder;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;
  private final Clock clock;

  EventsController(
      EventFinder finder, ResponseCache cache, CacheProperties cacheProperties, Clock clock) {
    this.finder = finder;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
    this.clock = clock;
  }

  @GetMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> events(
      @RequestParam(name = "entity_id", required = false) String entityId,
      @RequestParam(name = "domain", required = false) String domain,
      @RequestParam(name = "start", required = false) String start,
      @RequestParam(name = "end", required = false) String end,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "order", required = false) String order,
      @RequestParam(name = "cursor", required = false) String cursor) {
    EventQuery query =
        EventQuery.parse(entityId, domain, start, end, limit, order, cursor, clock.instant());
    // Keyed by the parameters as given (validated): a missing end means "now" and keeps one entry
    // per TTL for dashboards polling the latest events.
    return cache
        .json(
            CacheKey.of(
                "events",
                query.domain(),
                query.objectId(),
                blankToNull(start),
                blankToNull(end),
                query.limit(),
                query.order(),
                blankToNull(cursor)),
            cacheProperties.eventsTtl(),
            () -> finder.find(query))
        .map(json -> json.toResponse());
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
