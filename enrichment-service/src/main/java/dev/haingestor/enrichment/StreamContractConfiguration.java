package dev.haingestor.enrichment;

import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared stream contract from {@code common} and this instance's identity, wired once for every
 * feature package.
 */
@Configuration(proxyBeanMethods = false)
class StreamContractConfiguration {

  @Bean
  RedisKeys redisKeys(RedisKeyProperties properties) {
    return new RedisKeys(properties.keyPrefix());
  }

  @Bean
  InstanceName instanceName(InstanceProperties properties) {
    return InstanceName.resolve(properties.consumerName(), System.getenv());
  }

  @Bean
  EventCodec eventCodec(JsonMapper jsonMapper) {
    return new EventCodec(jsonMapper);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
