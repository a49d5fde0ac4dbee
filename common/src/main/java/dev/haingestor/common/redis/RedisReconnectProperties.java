package dev.haingestor.common.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How soon a service reconnects to Redis after losing it.
 *
 * @param reconnectMaxDelay {@code REDIS_RECONNECT_MAX_DELAY}: the longest wait between two
 *     reconnect attempts (they start at 100 ms and double). Lettuce's own default is 30 s, which
 *     left the pipeline idle for up to half a minute after Redis was back.
 */
@ConfigurationProperties("redis")
public record RedisReconnectProperties(@DefaultValue("2s") Duration reconnectMaxDelay) {

  public RedisReconnectProperties {
    if (reconnectMaxDelay == null
        || reconnectMaxDelay.compareTo(RedisReconnectAutoConfiguration.FIRST_DELAY) < 0) {
      throw new IllegalArgumentException(
          "REDIS_RECONNECT_MAX_DELAY must be at least "
              + RedisReconnectAutoConfiguration.FIRST_DELAY.toMillis()
              + " ms, was "
              + reconnectMaxDelay);
    }
  }
}
