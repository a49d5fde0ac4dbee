package dev.haingestor.ingestion;

import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The shared contract objects from {@code common}, configured for this service. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  RedisKeys redisKeys(RedisKeyProperties properties) {
    return new RedisKeys(properties.keyPrefix());
  }

  @Bean
  EventCodec eventCodec(JsonMapper jsonMapper) {
    return new EventCodec(jsonMapper);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * While Lettuce reconnects, reject commands instead of queueing them without bound: the
   * publishers retry their own bounded batches with back-off, and a command queued during an outage
   * could otherwise be written long after its batch was retried.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options ->
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }
}
