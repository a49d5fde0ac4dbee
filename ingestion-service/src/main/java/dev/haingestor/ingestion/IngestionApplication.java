package dev.haingestor.ingestion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reads every {@code state_changed} event from Home Assistant's WebSocket API and appends it to the
 * Redis event stream: {@code ha} (connection, protocol, intake), {@code shaping} (filters,
 * attribute lists, rate limit; runtime configuration), {@code buffer} (decoupling: live buffer and
 * backfill lane), {@code publish} (pipelined XADD), {@code checkpoint} (checkpoint and gaps),
 * {@code backfill} (recovery from HA's recorder), {@code snapshot} (startup snapshot, re-publish),
 * {@code deadletter} (refused input), {@code stats} (stage counters), {@code status} (health,
 * heartbeat), {@code logging} ({@code LOG_FORMAT=json}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {

  public static void main(String[] args) {
    SpringApplication.run(IngestionApplication.class, args);
  }
}
