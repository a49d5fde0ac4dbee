package dev.haingestor.ingestion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reads every {@code state_changed} event from Home Assistant's WebSocket API and appends it to the
 * Redis event stream: {@code ha} (connection), {@code buffer} (decoupling), {@code publish} (XADD),
 * {@code deadletter} (refused input), {@code status} (health and heartbeat).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {

  public static void main(String[] args) {
    SpringApplication.run(IngestionApplication.class, args);
  }
}
