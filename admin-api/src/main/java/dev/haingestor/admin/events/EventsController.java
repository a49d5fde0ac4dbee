package dev.haingestor.admin.events;

import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/events}: raw stored events of one entity or one domain from InfluxDB.
 *
 * <p>Parameters arrive as text and are validated by {@link EventQuery#parse}; there is deliberately
 * no {@code @Validated} here (on a WebFlux controller it turns a bad parameter into a 500,
 * STACK.md).
 */
@RestController
class EventsController {

  private final EventFinder finder;
  private final Clock clock;

  EventsController(EventFinder finder, Clock clock) {
    this.finder = finder;
    this.clock = clock;
  }

  @GetMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<EventPage> events(
      @RequestParam(name = "entity_id", required = false) String entityId,
      @RequestParam(name = "domain", required = false) String domain,
      @RequestParam(name = "start", required = false) String start,
      @RequestParam(name = "end", required = false) String end,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "order", required = false) String order) {
    EventQuery query =
        EventQuery.parse(entityId, domain, start, end, limit, order, clock.instant());
    return finder.find(query).map(EventPage::of);
  }
}
