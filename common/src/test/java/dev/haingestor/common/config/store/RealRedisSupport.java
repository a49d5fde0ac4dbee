package dev.haingestor.common.config.store;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.redis.RespConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The real Redis of test-support with a Lettuce template, as the services wire it; every test gets
 * its own key prefix, so tests never see each other's keys.
 */
abstract class RealRedisSupport {

  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  static RedisServer server;
  static LettuceConnectionFactory connectionFactory;
  static ReactiveStringRedisTemplate redis;

  RedisKeys keys;

  @BeforeAll
  static void connect() {
    server = RealServers.redis();
    RedisStandaloneConfiguration standalone =
        new RedisStandaloneConfiguration(server.host(), server.port());
    if (server.password() != null) {
      standalone.setPassword(RedisPassword.of(server.password()));
    }
    connectionFactory =
        new LettuceConnectionFactory(
            standalone,
            LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT).build());
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
    redis = new ReactiveStringRedisTemplate(connectionFactory);
  }

  @AfterAll
  static void disconnect() {
    connectionFactory.destroy();
  }

  @BeforeEach
  void freshPrefix() {
    keys = new RedisKeys("it-" + UUID.randomUUID() + ":");
  }

  /** A raw command on a separate connection, e.g. to kill the template's connections. */
  static Object command(String... args) {
    try (RespConnection connection =
        RespConnection.open(server.host(), server.port(), Duration.ofSeconds(5))) {
      if (server.password() != null) {
        connection.command("AUTH", server.password());
      }
      return connection.command(args);
    }
  }
}
