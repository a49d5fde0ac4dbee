package dev.haingestor.admin.entities;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.EntityIds;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/entities} (filter by domain and text, paged; cached for {@code
 * ADMIN_CACHE_ENTITIES_TTL}) and {@code GET /api/v1/entities/{entity_id}} (one {@code HGET}, as
 * cheap as a cache read, so not cached), from the entity index in Redis.
 */
@RestController
class EntitiesController {

  private final EntityIndexReader reader;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;

  EntitiesController(
      EntityIndexReader reader, ResponseCache cache, CacheProperties cacheProperties) {
    this.reader = reader;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
  }

  @GetMapping(path = "/api/v1/entities", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> entities(
      @RequestParam(name = "domain", required = false) String domain,
      @RequestParam(name = "search", required = false) String search,
      @RequestParam(name = "offset", required = false) String offset,
      @RequestParam(name = "limit", required = false) String limit) {
    EntityQuery query = EntityQuery.parse(domain, search, offset, limit);
    return cache
        .json(
            CacheKey.of("entities", query.domain(), query.search(), query.offset(), query.limit()),
            cacheProperties.entitiesTtl(),
            () -> reader.list(query))
        .map(json -> json.toResponse());
  }

  @GetMapping(path = "/api/v1/entities/{entityId}", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<EntityView> entity(@PathVariable("entityId") String entityId) {
    String id = validEntityId(entityId);
    return reader
        .find(id)
        .switchIfEmpty(
            Mono.error(
                () ->
                    ApiProblemException.notFound("Entity " + id + " is not in the entity index")));
  }

  /** The path's entity id, validated; shared with the history endpoint's rule. */
  static String validEntityId(String entityId) {
    if (!EntityIds.isValid(entityId)) {
      throw new InvalidParameterException(
          "entity_id",
          "entity_id must be '<domain>.<object_id>' of lower-case letters, digits and"
              + " underscores, e.g. sensor.living_temp; was "
              + echo(entityId));
    }
    return entityId;
  }
}
