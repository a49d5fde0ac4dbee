package dev.haingestor.admin.pipeline;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/pipeline}: stream length and retention headroom, consumer groups, consumers,
 * pending entries and the oldest pending entry's age. Cached for {@code ADMIN_CACHE_PIPELINE_TTL}.
 */
@RestController
class PipelineController {

  private final PipelineInspector inspector;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;

  PipelineController(
      PipelineInspector inspector, ResponseCache cache, CacheProperties cacheProperties) {
    this.inspector = inspector;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
  }

  @GetMapping(path = "/api/v1/pipeline", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> pipeline() {
    return cache
        .json(CacheKey.of("pipeline"), cacheProperties.pipelineTtl(), inspector::inspect)
        .map(json -> json.toResponse());
  }
}
