package dev.haingestor.admin.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for a dashboard served from another origin.
 *
 * @param allowedOrigins {@code CORS_ALLOWED_ORIGINS}: comma-separated origins (e.g. {@code
 *     http://dashboard.local:3000}) allowed to call {@code /api} from a browser; empty (default) =
 *     no cross-origin access. {@code *} allows every origin (never with credentials)
 * @param maxAge {@code CORS_MAX_AGE}: how long browsers may cache a preflight answer
 */
@ConfigurationProperties("admin.cors")
public record CorsProperties(List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

  public CorsProperties {
    allowedOrigins =
        allowedOrigins == null
            ? List.of()
            : allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
  }
}
