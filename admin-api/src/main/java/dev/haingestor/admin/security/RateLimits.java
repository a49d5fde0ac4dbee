package dev.haingestor.admin.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j {@link RateLimiter} per caller: per key for key holders, per client address for
 * everyone else (including wrong keys, which slows down guessing). Permissions are taken without
 * waiting. The limiters live in a bounded least-recently-used map, so a flood of addresses cannot
 * grow memory.
 */
@Component
class RateLimits {

  private static final Duration PERIOD = Duration.ofSeconds(1);

  private final RateLimiterConfig config;
  private final Map<String, RateLimiter> limiters;

  RateLimits(RateLimitProperties properties) {
    this.config =
        RateLimiterConfig.custom()
            .limitForPeriod(properties.requestsPerSecond())
            .limitRefreshPeriod(PERIOD)
            .timeoutDuration(Duration.ZERO)
            .build();
    int max = properties.maxClients();
    this.limiters =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > max;
          }
        };
  }

  /**
   * Takes one permission of the caller's limiter.
   *
   * @return {@code null} when granted, else how long until the next permission
   */
  Duration acquire(String caller) {
    RateLimiter limiter = limiter(caller);
    if (limiter.acquirePermission()) {
      return null;
    }
    long nanos =
        limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter a
            ? a.getDetailedMetrics().getNanosToWait()
            : PERIOD.toNanos();
    return Duration.ofNanos(Math.max(nanos, 0));
  }

  private RateLimiter limiter(String caller) {
    synchronized (limiters) {
      return limiters.computeIfAbsent(caller, name -> RateLimiter.of(name, config));
    }
  }

  /** The caller's rate-limit identity: the key's name, else the client address. */
  static String identity(Role role, String clientAddress) {
    return switch (role) {
      case ADMIN -> "key:admin";
      case READ -> "key:read";
      case ANONYMOUS -> "address:" + clientAddress;
    };
  }
}
