package dev.haingestor.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real Redis and InfluxDB before a test class and prints, once per JVM, which servers
 * the tests run against — so CI output shows real Redis 7 / InfluxDB were used, with versions.
 */
public final class RealServersExtension implements BeforeAllCallback {

  private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

  @Override
  public void beforeAll(ExtensionContext context) {
    String description = RealServers.describe();
    if (ANNOUNCED.compareAndSet(false, true)) {
      System.out.println("[test-support] real " + description);
    }
  }
}
