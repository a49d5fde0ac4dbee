package dev.haingestor.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the real servers. Use from a {@code @DynamicPropertySource} method.
 * Each service registers its own InfluxDB properties (their names differ per service).
 */
public final class RealServerProperties {

  private RealServerProperties() {}

  /** {@code spring.data.redis.host/port}, and {@code password} when the server has one. */
  public static void redis(DynamicPropertyRegistry registry) {
    RedisServer redis = RealServers.redis();
    registry.add("spring.data.redis.host", redis::host);
    registry.add("spring.data.redis.port", redis::port);
    if (redis.password() != null) {
      registry.add("spring.data.redis.password", redis::password);
    }
  }
}
