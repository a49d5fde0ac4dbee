package dev.haingestor.admin.config;

import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The runtime configuration contract of {@code common}, wired for admin-api. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfigBeans {

  @Bean
  RuntimeConfigJson runtimeConfigJson() {
    return new RuntimeConfigJson();
  }

  @Bean
  RuntimeConfigStore runtimeConfigStore(
      ReactiveStringRedisTemplate redis, RedisKeys keys, RuntimeConfigJson json, Clock clock) {
    return new RuntimeConfigStore(redis, keys, json, clock);
  }

  @Bean
  RuntimeConfigWatcher runtimeConfigWatcher(RuntimeConfigStore store) {
    return new RuntimeConfigWatcher(store);
  }
}
