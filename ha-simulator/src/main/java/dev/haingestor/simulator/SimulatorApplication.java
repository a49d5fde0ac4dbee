package dev.haingestor.simulator;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator standalone, configured by environment variables (see README.md): {@code java
 * -jar ha-simulator-<version>-exec.jar}. Fires events continuously until stopped.
 */
public final class SimulatorApplication {

  private SimulatorApplication() {}

  public static void main(String[] args) throws InterruptedException {
    // The jar is also a test library: its logging setup must not be a logback.xml that would
    // override the setup of the applications that use it.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "ha-simulator-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(SimulatorApplication.class);
    StandaloneConfig config = StandaloneConfig.fromEnvironment(System.getenv());
    if (config.tokenDefaulted()) {
      log.warn("SIM_TOKEN is not set: clients must use the well-known default token");
    }
    HaSimulator simulator =
        HaSimulator.builder()
            .token(config.token())
            .seed(config.seed())
            .entityCount(config.entities())
            .port(config.port())
            .bindAddress(config.bindAddress())
            .start();
    log.info(
        "HA simulator serving {}:{}{} with {} entities (seed {}) at {} events/s",
        config.bindAddress(),
        simulator.port(),
        "/api/websocket",
        config.entities(),
        config.seed(),
        config.eventsPerSecond());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "ha-sim-shutdown"));
    if (config.eventsPerSecond() > 0) {
      simulator
          .emitAsync(Integer.MAX_VALUE, config.eventsPerSecond())
          .exceptionally(
              error -> {
                if (!(error instanceof java.util.concurrent.CancellationException)) {
                  log.error("Event generation stopped", error);
                }
                return null;
              });
    }
    stopped.await();
  }
}
