package dev.haingestor.testsupport.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A harness in its own JVM for {@link ServiceJarTest}: starts the jar given as its first argument
 * as a {@link ServiceJar}, prints the service's pid and waits to be stopped, never calling {@code
 * close()}, as a benchmark stopped by a signal or a timeout does.
 */
public final class HarnessStub {

  private HarnessStub() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceJar service =
        ServiceJar.start("child", Path.of(args[0]), List.of("-Xmx32m"), Map.of(), Path.of(args[1]))
            .awaitReady(Duration.ofSeconds(30));
    System.out.println("service " + service.pid());
    System.out.flush();
    new CountDownLatch(1).await(); // until the test stops this JVM
  }
}
