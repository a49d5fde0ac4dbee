package dev.haingestor.ingestion;

import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.ObservationPredicate;
import java.time.Clock;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The shared contract objects from {@code common}, configured for this service. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  RedisKeys redisKeys(RedisKeyProperties properties) {
    return new RedisKeys(properties.keyPrefix());
  }

  @Bean
  EventCodec eventCodec(JsonMapper jsonMapper) {
    return new EventCodec(jsonMapper);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * While Lettuce reconnects, reject commands instead of queueing them without bound: the
   * publishers retry their own bounded batches with back-off, and a command queued during an outage
   * could otherwise be written long after its batch was retried.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
    return options ->
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /**
   * No Micrometer observation (the {@code lettuce} timer and its span) for each pipelined XADD:
   * recording one per event cost more CPU than the XADD itself. Rounds of XADDs are timed as a
   * whole by {@code ha_ingestor_ingestion_publish_duration_seconds}; every other Redis command
   * keeps its observation.
   */
  @Bean
  ObservationPredicate noObservationPerXadd() {
    return (name, context) ->
        !(context instanceof LettuceObservationContext lettuce
            && lettuce.hasCommand()
            && lettuce.getRequiredCommand().getType() == CommandType.XADD);
  }
}
