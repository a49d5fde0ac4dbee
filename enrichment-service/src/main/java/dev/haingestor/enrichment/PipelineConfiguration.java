package dev.haingestor.enrichment;

import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.consume.ConsumerProperties;
import dev.haingestor.enrichment.entities.EntityIndex;
import dev.haingestor.enrichment.point.HaSchemaProperties;
import dev.haingestor.enrichment.runtime.Batching;
import dev.haingestor.enrichment.runtime.EnvironmentSettings;
import dev.haingestor.enrichment.runtime.RuntimeConfigProperties;
import dev.haingestor.enrichment.runtime.RuntimeSettings;
import dev.haingestor.enrichment.sink.BreakerStateMeter;
import dev.haingestor.enrichment.sink.InfluxProperties;
import dev.haingestor.enrichment.sink.InfluxSink;
import dev.haingestor.enrichment.sink.InfluxWriter;
import dev.haingestor.enrichment.weather.WeatherProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the feature packages together where one needs another's configuration: the settings in
 * force (environment, then runtime configuration), the resilient InfluxDB writer, and the shared
 * Redis contracts of {@code common} (entity index, stage counters, runtime configuration).
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  EnvironmentSettings environmentSettings(
      ConsumerProperties consumer,
      HaSchemaProperties schema,
      InfluxProperties influx,
      WeatherProperties weather) {
    return new EnvironmentSettings(
        new Batching(consumer.batchSize(), consumer.batchTimeout(), consumer.minBatchSize()),
        schema.toSchemaConfig(influx.precision()),
        schema.toFilterConfig(),
        schema.normalizeUnits(),
        weather.toSettings());
  }

  @Bean
  RuntimeSettings runtimeSettings(
      EnvironmentSettings environment,
      RuntimeConfigProperties properties,
      ReactiveStringRedisTemplate redis,
      RedisKeys keys) {
    RuntimeConfigWatcher watcher =
        properties.enabled()
            ? new RuntimeConfigWatcher(
                new RuntimeConfigStore(redis, keys), properties.pollInterval())
            : null;
    return new RuntimeSettings(environment, watcher);
  }

  @Bean
  InfluxWriter influxWriter(
      InfluxSink sink, ConsumerProperties consumer, MeterRegistry meterRegistry) {
    InfluxWriter writer =
        new InfluxWriter(
            sink,
            new InfluxWriter.Settings(
                consumer.writeAttempts(),
                consumer.retryInitialBackoff(),
                consumer.retryMaxBackoff(),
                consumer.breakerOpenDuration()),
            meterRegistry);
    BreakerStateMeter.register(meterRegistry, writer.breaker());
    return writer;
  }

  @Bean
  EntityIndex entityIndex(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
    return new EntityIndex(redis, new EntityIndexKeys(keys), json);
  }
}
