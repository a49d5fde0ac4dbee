package dev.haingestor.enrichment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reads {@code state_changed} events from the Redis stream as a consumer group member, turns them
 * into points with Home Assistant's InfluxDB schema and writes them; an entry is acknowledged only
 * after InfluxDB accepted it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnrichmentApplication {

  public static void main(String[] args) {
    SpringApplication.run(EnrichmentApplication.class, args);
  }
}
