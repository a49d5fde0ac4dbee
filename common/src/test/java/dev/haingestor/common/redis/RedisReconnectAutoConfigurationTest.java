package dev.haingestor.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RedisReconnectAutoConfigurationTest {

  @Test
  void reconnectsSoonAndNeverWaitsLongerThanTheMaximum() {
    Delay delay = RedisReconnectAutoConfiguration.reconnectDelay(Duration.ofSeconds(2));

    assertThat(delay.createDelay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(IntStream.rangeClosed(1, 40).mapToObj(delay::createDelay))
        .allSatisfy(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2)))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void theServicesLettuceClientUsesItFromTheEnvironmentVariable() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class, RedisReconnectAutoConfiguration.class))
        .withPropertyValues("redis.reconnect-max-delay=700ms")
        .run(
            context -> {
              Delay delay = context.getBean(ClientResources.class).reconnectDelay();
              assertThat(delay.createDelay(1)).isEqualTo(Duration.ofMillis(100));
              assertThat(delay.createDelay(30)).isEqualTo(Duration.ofMillis(700));
            });
  }

  @Test
  void aMaximumBelowTheFirstDelayIsAConfigurationError() {
    assertThatThrownBy(() -> new RedisReconnectProperties(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REDIS_RECONNECT_MAX_DELAY");
  }
}
