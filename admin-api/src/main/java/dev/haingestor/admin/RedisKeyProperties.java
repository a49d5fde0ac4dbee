package dev.haingestor.admin;

import dev.haingestor.common.stream.RedisKeys;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the pipeline's keys live in Redis.
 *
 * @param keyPrefix {@code REDIS_KEY_PREFIX}: the prefix shared by every service of one installation
 *     (default {@value RedisKeys#DEFAULT_PREFIX}); must match the ingestion and enrichment services
 */
@Validated
@ConfigurationProperties("redis")
public record RedisKeyProperties(
    @NotBlank @DefaultValue(RedisKeys.DEFAULT_PREFIX) String keyPrefix) {

  public RedisKeys keys() {
    return new RedisKeys(keyPrefix);
  }
}
