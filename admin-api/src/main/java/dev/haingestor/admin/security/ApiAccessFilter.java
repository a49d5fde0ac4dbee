package dev.haingestor.admin.security;

import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.ProblemResponses;
import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authentication, authorisation and rate limiting of every request, before any controller: a plain
 * {@link WebFilter} rather than Spring Security, whose session, CSRF and login machinery this API
 * of two static keys does not need.
 *
 * <p>Order of decisions: a request that presents a key from an address that has sent too many wrong
 * keys this minute is 429 at once, without comparing the key; the caller is identified by its key
 * ({@code X-API-Key}, or {@code Authorization: Bearer}), a wrong one counting against its address;
 * {@code /api} requests take a permission of the caller's rate limiter (429 + {@code Retry-After}
 * when exhausted); then {@link Access} decides: a wrong key is 401 on every protected endpoint; a
 * missing key is 401 where a key is required; the read key on an admin endpoint is 403; admin
 * endpoints without a configured {@code ADMIN_API_KEY} are 403 for everyone (checked first: no key
 * could open them). CORS preflights are answered earlier by the CORS filter.
 */
@Component
@Order(ApiAccessFilter.ORDER)
class ApiAccessFilter implements WebFilter {

  /** After the CORS filter, before everything else. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

  static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";
  private static final String CHALLENGE = "Bearer realm=\"ha-ingestor\"";

  private enum Rejection {
    UNAUTHORIZED,
    FORBIDDEN,
    ADMIN_DISABLED,
    RATE_LIMITED
  }

  private final ApiKeys keys;
  private final RateLimits rateLimits;
  private final ProblemResponses problems;
  private final boolean healthOpen;
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

  ApiAccessFilter(
      ApiKeys keys,
      RateLimits rateLimits,
      ProblemResponses problems,
      SecurityProperties properties,
      MeterRegistry meters) {
    this.keys = keys;
    this.rateLimits = rateLimits;
    this.problems = problems;
    this.healthOpen = properties.healthOpen();
    for (Rejection rejection : Rejection.values()) {
      rejected.put(
          rejection,
          Counter.builder(MetricNames.ADMIN_REQUESTS_REJECTED)
              .description("Requests refused before reaching an endpoint")
              .tag(MetricNames.REASON_TAG, rejection.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters));
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().pathWithinApplication().value();
    Access required = Access.required(request.getMethod(), path, healthOpen);
    String presented = presentedKey(request.getHeaders());
    String address = clientAddress(request);
    if (presented != null) {
      // Checked before the key is compared: a locked-out address learns nothing from its guesses.
      Duration locked = rateLimits.authLockout(address);
      if (locked != null) {
        long seconds = Math.max(1, (locked.toMillis() + 999) / 1000);
        return reject(
            exchange,
            Rejection.RATE_LIMITED,
            new ApiProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "Too many requests with a wrong API key from this address"
                        + " (ADMIN_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE); retry after "
                        + seconds
                        + " s")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
      }
    }
    Role matched = presented == null ? null : keys.match(presented);
    if (presented != null && matched == null) {
      rateLimits.authFailed(address);
    }
    Role role = matched == null ? Role.ANONYMOUS : matched;
    exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.of(role));

    if (path.startsWith(Access.API)) {
      Duration wait = rateLimits.acquire(RateLimits.identity(role, address));
      if (wait != null) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return reject(
            exchange,
            Rejection.RATE_LIMITED,
            new ApiProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "More requests than ADMIN_RATE_LIMIT_REQUESTS_PER_SECOND allows for this"
                        + " caller; retry after "
                        + seconds
                        + " s")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
      }
    }
    if (required == Access.OPEN) {
      return chain.filter(exchange);
    }
    if (required == Access.ADMIN && !keys.adminConfigured()) {
      // Whatever key is presented: there is none that could open these endpoints.
      return reject(
          exchange,
          Rejection.ADMIN_DISABLED,
          new ApiProblemException(
              HttpStatus.FORBIDDEN,
              "admin-disabled",
              "Admin endpoints disabled",
              "Changes are disabled because ADMIN_API_KEY is not configured on admin-api"));
    }
    if (presented != null && matched == null) {
      return unauthorized(exchange, "The presented API key is not valid");
    }
    if (required == Access.READ) {
      if (role == Role.ANONYMOUS && keys.readConfigured()) {
        return unauthorized(
            exchange,
            "This endpoint needs an API key: send READ_API_KEY or ADMIN_API_KEY in the "
                + API_KEY_HEADER
                + " header or as 'Authorization: Bearer <key>'");
      }
      return chain.filter(exchange);
    }
    if (role == Role.ANONYMOUS) {
      return unauthorized(
          exchange,
          "This endpoint needs ADMIN_API_KEY in the "
              + API_KEY_HEADER
              + " header or as 'Authorization: Bearer <key>'");
    }
    if (role != Role.ADMIN) {
      return reject(
          exchange,
          Rejection.FORBIDDEN,
          new ApiProblemException(
              HttpStatus.FORBIDDEN,
              "forbidden",
              "Forbidden",
              "The read key cannot change anything; this endpoint needs ADMIN_API_KEY"));
    }
    return chain.filter(exchange);
  }

  private Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
    return reject(
        exchange,
        Rejection.UNAUTHORIZED,
        new ApiProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail)
            .withHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
  }

  private Mono<Void> reject(
      ServerWebExchange exchange, Rejection rejection, ApiProblemException problem) {
    rejected.get(rejection).increment();
    return problems.write(exchange, problem);
  }

  /**
   * {@code X-API-Key}, else the token of {@code Authorization: Bearer}; {@code null} when neither
   * is present (another scheme, e.g. Basic, counts as no key).
   */
  static String presentedKey(HttpHeaders headers) {
    String header = headers.getFirst(API_KEY_HEADER);
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && authorization.length() > BEARER.length()) {
      return authorization.substring(BEARER.length()).strip();
    }
    return null;
  }

  private static String clientAddress(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }
}
