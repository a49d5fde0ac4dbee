package dev.haingestor.admin.problem;

import dev.haingestor.admin.influx.InfluxQueryException;
import dev.haingestor.admin.influx.InfluxUnavailableException;
import io.lettuce.core.RedisException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Turns every error of the API into an RFC 9457 problem body ({@code application/problem+json}).
 * Spring's own exceptions (unknown path, wrong method, …) are handled by the superclass; the
 * admin-api's own ones are mapped here. No body carries a stack trace or a secret: unexpected
 * errors are logged with the request id and answered with a generic detail.
 *
 * <p>Problem types are URNs under {@value #TYPE_PREFIX} (listed in {@code docs/api.md}).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  static final String TYPE_PREFIX = "urn:ha-ingestor:problem:";

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> invalidParameter(
      InvalidParameterException e, ServerWebExchange exchange) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "invalid-parameter",
            "Invalid request parameter",
            e.getMessage(),
            exchange);
    problem.setProperty("parameter", e.parameter());
    return respond(problem);
  }

  /** A feature's own problem: status, type and members as it chose. */
  @ExceptionHandler(ApiProblemException.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblemException e, ServerWebExchange exchange) {
    ProblemDetail problem = problem(e.status(), e.type(), e.title(), e.getMessage(), exchange);
    e.properties().forEach(problem::setProperty);
    return ResponseEntity.status(problem.getStatus())
        .headers(e.headers())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * Redis failed or did not answer in time (Spring's {@link DataAccessException} family, Lettuce's
   * own exceptions): the data behind the endpoint is unreadable for now. The detail names the kind
   * of failure only (Redis messages may name hosts, never passwords, but they are not useful here).
   */
  @ExceptionHandler({DataAccessException.class, RedisException.class, TimeoutException.class})
  ResponseEntity<ProblemDetail> redisUnavailable(Exception e, ServerWebExchange exchange) {
    log.warn(
        "{} {}: Redis failed: {}", exchange.getRequest().getMethod(), path(exchange), e.toString());
    String what = e instanceof TimeoutException ? "no answer in time" : rootCause(e);
    return respond(
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "redis-unavailable",
            "Redis unavailable",
            "Redis is unavailable: " + what,
            exchange));
  }

  /** InfluxDB did not answer: a retry later may work. */
  @ExceptionHandler(InfluxUnavailableException.class)
  ResponseEntity<ProblemDetail> influxUnavailable(
      InfluxUnavailableException e, ServerWebExchange exchange) {
    log.warn("{} {}: {}", exchange.getRequest().getMethod(), path(exchange), e.getMessage());
    return respond(
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "influxdb-unavailable",
            "InfluxDB unavailable",
            e.getMessage(),
            exchange));
  }

  /** InfluxDB answered with an error: the gateway's upstream failed (configuration, query). */
  @ExceptionHandler(InfluxQueryException.class)
  ResponseEntity<ProblemDetail> influxError(InfluxQueryException e, ServerWebExchange exchange) {
    log.warn("{} {}: {}", exchange.getRequest().getMethod(), path(exchange), e.getMessage());
    return respond(
        problem(
            HttpStatus.BAD_GATEWAY, "influxdb-error", "InfluxDB error", e.getMessage(), exchange));
  }

  /** A bug or an unforeseen failure: logged in full, answered without internals. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    String requestId = exchange.getRequest().getId();
    log.error(
        "{} {} failed unexpectedly (request {})",
        exchange.getRequest().getMethod(),
        path(exchange),
        requestId,
        e);
    ProblemDetail problem =
        problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "Internal error",
            "The request failed unexpectedly; the admin-api log has the details under request id "
                + requestId,
            exchange);
    problem.setProperty("request_id", requestId);
    return respond(problem);
  }

  /**
   * Spring's own problems (405, 413, 415, 404 of unknown paths, …) leave {@code type} unset, and
   * Spring 7 then omits the member; docs/api.md promises {@code type} and {@code instance} on every
   * problem, so they are filled in here: {@code about:blank} (RFC 9457's default) and the path. The
   * body is always {@code application/problem+json}.
   */
  @Override
  protected Mono<ResponseEntity<Object>> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
    if (body instanceof ProblemDetail problem) {
      if (problem.getType() == null) {
        problem.setType(ABOUT_BLANK);
      }
      if (problem.getInstance() == null) {
        problem.setInstance(instance(exchange));
      }
      // An explicit content type: the problem is written even when the client's Accept header
      // names nothing JSON (e.g. the 406 for "Accept: text/html"), instead of an empty body.
      return Mono.just(
          ResponseEntity.status(status)
              .headers(headers)
              .contentType(MediaType.APPLICATION_PROBLEM_JSON)
              .body(problem));
    }
    return super.createResponseEntity(body, headers, status, exchange);
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail, ServerWebExchange exchange) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + type));
    problem.setTitle(title);
    problem.setInstance(instance(exchange));
    return problem;
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")
        ? "no answer in time"
        : root.getClass().getSimpleName();
  }

  /**
   * The request path as the problem's {@code instance}. Clients can send paths that are no valid
   * URI (e.g. with {@code |} or {@code "}); those are percent-encoded rather than failing the error
   * answer itself.
   */
  private static URI instance(ServerWebExchange exchange) {
    String path = path(exchange);
    try {
      return URI.create(path);
    } catch (IllegalArgumentException e) {
      return URI.create(UriUtils.encodePath(path, StandardCharsets.UTF_8));
    }
  }

  private static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value();
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
