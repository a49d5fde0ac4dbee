package dev.haingestor.enrichment.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the sink by {@code INFLUXDB_API_VERSION}. */
@Configuration(proxyBeanMethods = false)
class InfluxSinkConfiguration {

  private static final Logger log = LoggerFactory.getLogger(InfluxSinkConfiguration.class);

  @Bean
  InfluxSink influxSink(InfluxProperties properties) {
    properties.requireComplete();
    log.info(
        "Writing points to {} with precision {}, gzip {}",
        properties.target(),
        properties.precision().wireName(),
        properties.gzip());
    return properties.apiVersion() == 2
        ? new InfluxV2Sink(properties)
        : new InfluxV1Sink(properties);
  }

  @Bean
  InfluxPingHealthIndicator influxdbHealthIndicator(
      InfluxProperties properties, InfluxWriter writer) {
    return new InfluxPingHealthIndicator(properties, writer);
  }
}
