package dev.haingestor.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarTest {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path directory;
  private static Path jar;

  @BeforeAll
  static void packStubJar() throws IOException {
    jar = directory.resolve("stub-exec.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ReadinessStub.class.getName());
    String entry = ReadinessStub.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream classFile = ReadinessStub.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
  }

  @Test
  void startsTheJarWithOnlyTheGivenEnvironmentOnAFreePort() throws Exception {
    String notPassed =
        System.getenv().keySet().stream()
            .filter(name -> !List.of("PATH", "HOME", "TMPDIR", "LANG").contains(name))
            .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*"))
            .findFirst()
            .orElse("NOT_SET_ANYWHERE");
    try (ServiceJar service =
        ServiceJar.start(
                "stub",
                jar,
                List.of("-Xmx32m"),
                Map.of("GREETING", "hello"),
                directory.resolve("logs"))
            .awaitReady(READY_TIMEOUT)) {
      assertThat(service.pid()).isPositive();
      assertThat(get(service, "/env/GREETING")).isEqualTo("200 hello");
      assertThat(get(service, "/env/SERVER_PORT")).isEqualTo("200 " + service.port());
      assertThat(get(service, "/env/HOSTNAME")).isEqualTo("200 stub");
      assertThat(get(service, "/env/" + notPassed)).isEqualTo("404 ");
      assertThat(service.log()).content().contains("stub listening on " + service.port());
    }
  }

  @Test
  void failsWithTheLogTailWhenTheServiceExitsWhileStarting() {
    ServiceJar service =
        ServiceJar.start(
            "broken",
            jar,
            List.of(),
            Map.of("STUB_EXIT", "INFLUXDB_URL is invalid"),
            directory.resolve("logs"));
    try (service) {
      assertThatThrownBy(() -> service.awaitReady(READY_TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broken exited with code 3")
          .hasMessageContaining("stub refuses to start: INFLUXDB_URL is invalid");
    }
  }

  @Test
  void closeStopsTheService() {
    ServiceJar service =
        ServiceJar.start("stopped", jar, List.of(), Map.of(), directory.resolve("logs"))
            .awaitReady(READY_TIMEOUT);

    service.close();

    assertThat(service.isAlive()).isFalse();
    assertThat(service.statusOf(ServiceJar.READINESS_PATH)).isEqualTo(-1);
  }

  @Test
  void aHarnessStoppedWithoutClosingStopsItsServiceToo() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process harness =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                HarnessStub.class.getName(),
                jar.toString(),
                directory.resolve("harness-logs").toString())
            .redirectErrorStream(true)
            .start();
    ProcessHandle service = null;
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8))) {
      String line = output.readLine();
      assertThat(line).startsWith("service ");
      service = ProcessHandle.of(Long.parseLong(line.substring("service ".length()))).orElseThrow();
      assertThat(service.isAlive()).isTrue();

      harness.destroy(); // SIGTERM, as `timeout` or Ctrl-C sends

      await().atMost(Duration.ofSeconds(30)).until(service::isAlive, alive -> !alive);
    } finally {
      harness.destroyForcibly();
      if (service != null) {
        service.destroyForcibly(); // only if the assertion failed
      }
    }
  }

  @Test
  void refusesAMissingJar() {
    assertThatThrownBy(
            () ->
                ServiceJar.start(
                    "ghost", directory.resolve("nope.jar"), List.of(), Map.of(), directory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No runnable jar for ghost");
  }

  private static String get(ServiceJar service, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
