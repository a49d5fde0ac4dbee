package dev.haingestor.ingestion;

import dev.haingestor.common.stream.RedisKeys;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the pipeline's keys live in Redis.
 *
 * @param keyPrefix prefix of every key ({@code REDIS_KEY_PREFIX}), so that several installations
 *     can share one Redis
 */
@Validated
@ConfigurationProperties(prefix = "redis")
public record RedisKeyProperties(
    @NotNull @DefaultValue(RedisKeys.DEFAULT_PREFIX) String keyPrefix) {}
