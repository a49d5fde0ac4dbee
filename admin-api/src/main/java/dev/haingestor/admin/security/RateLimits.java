package dev.haingestor.admin.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j {@link RateLimiter} per caller: per key for key holders, per client address for
 * everyone else (including wrong keys). Permissions are taken without waiting. The limiters live in
 * a bounded least-recently-used map, so a flood of addresses cannot grow memory.
 *
 * <p>Failed authentications are limited separately and much more tightly, per client address and
 * minute ({@link #authFailed}, {@link #authLockout}): guessing a key then costs a minute per few
 * attempts instead of a second per hundred. Those limiters live in a second bounded map.
 */
@Component
class RateLimits {

  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration FAILURE_PERIOD = Duration.ofMinutes(1);

  private final RateLimiterConfig config;
  private final RateLimiterConfig failureConfig;
  private final Map<String, RateLimiter> limiters;
  private final Map<String, RateLimiter> failures;

  RateLimits(RateLimitProperties properties) {
    this.config =
        RateLimiterConfig.custom()
            .limitForPeriod(properties.requestsPerSecond())
            .limitRefreshPeriod(PERIOD)
            .timeoutDuration(Duration.ZERO)
            .build();
    this.failureConfig =
        RateLimiterConfig.custom()
            .limitForPeriod(properties.authFailuresPerMinute())
            .limitRefreshPeriod(FAILURE_PERIOD)
            .timeoutDuration(Duration.ZERO)
            .build();
    this.limiters = boundedMap(properties.maxClients());
    this.failures = boundedMap(properties.maxClients());
  }

  private static Map<String, RateLimiter> boundedMap(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
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
    RateLimiter limiter = limiter(limiters, caller, config);
    if (limiter.acquirePermission()) {
      return null;
    }
    return waitOf(limiter, PERIOD);
  }

  /** Counts a request of this client address whose key matched none. */
  void authFailed(String clientAddress) {
    limiter(failures, clientAddress, failureConfig).acquirePermission();
  }

  /**
   * Whether this client address has used up its failed authentications of the current minute. Asked
   * before a presented key is compared, so that a locked-out address learns nothing about its
   * guesses, not even from a right one.
   *
   * @return {@code null} when not locked out, else how long until the next attempt is allowed
   */
  Duration authLockout(String clientAddress) {
    RateLimiter limiter;
    synchronized (failures) {
      limiter = failures.get(clientAddress);
    }
    if (limiter == null || limiter.getMetrics().getAvailablePermissions() > 0) {
      return null;
    }
    return waitOf(limiter, FAILURE_PERIOD);
  }

  private static Duration waitOf(RateLimiter limiter, Duration period) {
    long nanos =
        limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter a
            ? a.getDetailedMetrics().getNanosToWait()
            : period.toNanos();
    return Duration.ofNanos(Math.max(nanos, 0));
  }

  private static RateLimiter limiter(
      Map<String, RateLimiter> map, String caller, RateLimiterConfig config) {
    synchronized (map) {
      return map.computeIfAbsent(caller, name -> RateLimiter.of(name, config));
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
