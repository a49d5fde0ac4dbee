package dev.haingestor.admin;

import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the features: the pipeline's Redis key names and the clock. */
@Configuration(proxyBeanMethods = false)
class AdminApiConfiguration {

  @Bean
  RedisKeys redisKeys(RedisKeyProperties properties) {
    return properties.keys();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
