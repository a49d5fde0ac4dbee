package dev.haingestor.ingestion.publish;

import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The publishing tests' Lettuce connections to test-support's real Redis. */
final class TestRedisConnections {

  /** A started factory for the real Redis (with its password, if it has one); destroy it after. */
  static LettuceConnectionFactory started() {
    RedisServer server = RealServers.redis();
    RedisStandaloneConfiguration config =
        new RedisStandaloneConfiguration(server.host(), server.port());
    if (server.password() != null) {
      config.setPassword(server.password());
    }
    LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  private TestRedisConnections() {}
}
