package dev.haingestor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runnable jars carry production code only: no simulator, test harness or test library. */
class ProductionJarsIT {

  private static final List<String> TEST_ONLY =
      List.of("ha-simulator-", "test-support-", "testcontainers", "junit", "assertj", "awaitility");

  @ParameterizedTest
  @ValueSource(strings = {"ingestion", "enrichment", "admin"})
  void runnableJarHoldsNoTestOnlyLibrary(String service) throws IOException {
    try (JarFile jar = new JarFile(Path.of(System.getProperty(service + ".jar")).toFile())) {
      List<String> libraries =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(name -> name.startsWith("BOOT-INF/lib/"))
              .toList();

      assertThat(libraries).anyMatch(name -> name.contains("common-"));
      assertThat(libraries).noneMatch(name -> TEST_ONLY.stream().anyMatch(name::contains));
    }
  }
}
