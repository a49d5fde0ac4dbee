package dev.haingestor.admin.problem;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Drops an {@code Accept} header that cannot be parsed (e.g. {@code text/html;q=abc}), so that the
 * request is answered as if it accepted anything. Without it, Spring answers 406 and then fails to
 * negotiate the problem body for the very same header, leaving the error without a body; RFC 9110
 * lets a server disregard a malformed {@code Accept}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnparsableAcceptFilter implements WebFilter {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
    if (accept == null || parses(accept)) {
      return chain.filter(exchange);
    }
    return chain.filter(
        exchange
            .mutate()
            .request(request -> request.headers(headers -> headers.remove(HttpHeaders.ACCEPT)))
            .build());
  }

  private static boolean parses(List<String> values) {
    try {
      MediaType.parseMediaTypes(values);
      return true;
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
