package dev.haingestor.benchmarks.stack;

import java.nio.file.Path;

/**
 * The runnable jars of the three services as the reactor build leaves them: {@code
 * <root>/<module>/target/<module>-<version>-exec.jar}.
 */
public record ServiceJars(Path ingestion, Path enrichment, Path admin) {

  public static final String VERSION = "0.1.0-SNAPSHOT";

  public static ServiceJars inReactor(Path root) {
    return new ServiceJars(
        execJar(root, "ingestion-service"),
        execJar(root, "enrichment-service"),
        execJar(root, "admin-api"));
  }

  private static Path execJar(Path root, String module) {
    return root.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
  }
}
