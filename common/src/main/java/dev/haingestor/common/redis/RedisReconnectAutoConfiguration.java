package dev.haingestor.common.redis;

import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Every service's Lettuce client reconnects after 100 ms, 200 ms, … up to {@code
 * REDIS_RECONNECT_MAX_DELAY} (2 s): once Redis is back, events flow again within that time.
 */
@AutoConfiguration
@ConditionalOnClass({ClientResourcesBuilderCustomizer.class, Delay.class})
@EnableConfigurationProperties(RedisReconnectProperties.class)
public class RedisReconnectAutoConfiguration {

  static final Duration FIRST_DELAY = Duration.ofMillis(100);

  @Bean
  ClientResourcesBuilderCustomizer redisReconnectDelay(RedisReconnectProperties properties) {
    return builder -> builder.reconnectDelay(reconnectDelay(properties.reconnectMaxDelay()));
  }

  static Delay reconnectDelay(Duration max) {
    // 2^attempt ms, kept between the bounds: 100 ms for the first attempts, then doubling.
    return Delay.exponential(FIRST_DELAY, max, 2, TimeUnit.MILLISECONDS);
  }
}
