package dev.haingestor.enrichment;

import dev.haingestor.common.stream.RedisKeys;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the pipeline's keys live in Redis.
 *
 * @param keyPrefix {@code REDIS_KEY_PREFIX}: prefix of every key, so that several installations can
 *     share one Redis; must equal the ingestion service's
 */
@Validated
@ConfigurationProperties("redis")
public record RedisKeyProperties(
    @DefaultValue(RedisKeys.DEFAULT_PREFIX) @NotNull String keyPrefix) {}
