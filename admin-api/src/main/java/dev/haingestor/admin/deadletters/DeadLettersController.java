package dev.haingestor.admin.deadletters;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.RejectionReason;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter stream: {@code GET /api/v1/dead-letters} (newest first, paged by id, filtered by
 * reason), {@code POST /api/v1/dead-letters/replay} and {@code DELETE /api/v1/dead-letters/{id}}.
 * Not cached: after a replay or delete the list must show it at once, and a page is one bounded
 * {@code XREVRANGE}.
 */
@RestController
class DeadLettersController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final DeadLetterStore store;
  private final DeadLettersProperties properties;
  private final JsonMapper jsonMapper;

  DeadLettersController(
      DeadLetterStore store, DeadLettersProperties properties, JsonMapper jsonMapper) {
    this.store = store;
    this.properties = properties;
    this.jsonMapper = jsonMapper;
  }

  @GetMapping(path = "/api/v1/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<DeadLetterPage> list(
      @RequestParam(name = "reason", required = false) String reason,
      @RequestParam(name = "before", required = false) String before,
      @RequestParam(name = "limit", required = false) String limit) {
    RejectionReason parsedReason = null;
    if (reason != null && !reason.isBlank()) {
      parsedReason = ReplayRequest.reasonOf(reason.strip());
      if (parsedReason == null) {
        throw new InvalidParameterException(
            "reason",
            "reason must be one of " + ReplayRequest.wireNames() + "; was " + echo(reason));
      }
    }
    String parsedBefore = null;
    if (before != null && !before.isBlank()) {
      parsedBefore = streamId("before", before.strip());
    }
    return store.list(parsedReason, parsedBefore, limit(limit));
  }

  @PostMapping(path = "/api/v1/dead-letters/replay", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ReplayResult> replay(@RequestBody(required = false) String body) {
    ReplayRequest request = ReplayRequest.parse(body, jsonMapper, properties.replayMax());
    return store.replay(request);
  }

  @DeleteMapping(path = "/api/v1/dead-letters/{id}")
  Mono<ResponseEntity<Void>> delete(@PathVariable("id") String id) {
    String valid = streamId("id", id);
    return store
        .delete(valid)
        .flatMap(
            deleted ->
                deleted
                    ? Mono.just(ResponseEntity.noContent().<Void>build())
                    : Mono.error(
                        ApiProblemException.notFound("Dead letter " + valid + " does not exist")));
  }

  private static String streamId(String parameter, String text) {
    if (!StreamIds.isValid(text)) {
      throw new InvalidParameterException(
          parameter, parameter + " must be a stream id like 1714557600123-0; was " + echo(text));
    }
    return text;
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidParameterException(
          "limit", "limit must be an integer from 1 to " + MAX_LIMIT + "; was " + echo(text));
    }
    return limit;
  }
}
