package dev.haingestor.admin.security;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for {@code /api/**}: answers preflights before the access filter (a browser sends no key
 * with a preflight) and adds the CORS headers to real responses. Keys travel in headers, never in
 * cookies, so credentials are not allowed.
 */
@Configuration(proxyBeanMethods = false)
class CorsFilterConfiguration {

  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  @Bean
  CorsWebFilter corsWebFilter(CorsProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (!properties.allowedOrigins().isEmpty()) {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(properties.allowedOrigins());
      cors.setAllowedMethods(List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"));
      cors.setAllowedHeaders(
          List.of(
              ApiAccessFilter.API_KEY_HEADER,
              "Authorization",
              "Content-Type",
              "If-Match",
              "If-None-Match"));
      cors.setExposedHeaders(List.of("ETag", "Retry-After", "X-Cache", "Location"));
      cors.setAllowCredentials(false);
      cors.setMaxAge(properties.maxAge());
      source.registerCorsConfiguration("/api/**", cors);
    }
    return new OrderedCorsWebFilter(source);
  }

  /** {@link CorsWebFilter} with an order, so it runs before {@link ApiAccessFilter}. */
  static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {
    OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
      super(source);
    }

    @Override
    public int getOrder() {
      return ORDER;
    }
  }
}
