package dev.haingestor.admin.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem body directly to the response, for code that runs before a controller
 * (web filters: authentication, rate limiting), where {@link ApiExceptionHandler} does not apply.
 * The body has the same members as the handler's.
 */
@Component
public class ProblemResponses {

  private final JsonMapper jsonMapper;

  public ProblemResponses(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  /** Answers the exchange with the problem of {@code problem}, ending the request. */
  public Mono<Void> write(ServerWebExchange exchange, ApiProblemException problem) {
    ServerHttpResponse response = exchange.getResponse();
    HttpStatus status = problem.status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ApiExceptionHandler.TYPE_PREFIX + problem.type());
    body.put("title", problem.title());
    body.put("status", status.value());
    body.put("detail", problem.getMessage());
    body.put("instance", exchange.getRequest().getPath().value());
    body.putAll(problem.properties());
    byte[] bytes = jsonMapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    HttpHeaders headers = response.getHeaders();
    headers.addAll(problem.headers());
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    headers.setContentLength(bytes.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
