package dev.haingestor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.simulator.client.HaTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runnable jar as compose runs it: {@code java -jar}, configured by environment variables. */
class StandaloneJarIT {

  private static final String TOKEN = "it-secret-token-7f3a";

  @Test
  void runsFromTheExecJarAndStreamsEventsWithoutLoggingTheToken() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", execJar().toString());
    builder.environment().put("SIM_PORT", Integer.toString(port));
    builder.environment().put("SIM_TOKEN", TOKEN);
    builder.environment().put("SIM_RATE", "50");
    builder.environment().put("SIM_SEED", "5");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(process, output), "standalone-output");
    reader.setDaemon(true);
    reader.start();
    try {
      await("startup log line")
          .atMost(Duration.ofSeconds(30))
          .until(() -> output.stream().anyMatch(line -> line.contains("HA simulator serving")));
      URI uri = URI.create("ws://127.0.0.1:" + port + "/api/websocket");
      try (HaTestClient client = HaTestClient.authenticated(uri, TOKEN)) {
        long subscription = client.command("subscribe_events").get("id").longValue();
        await().atMost(HaTestClient.TIMEOUT).until(() -> client.events(subscription).size() >= 3);
      }
      assertThat(output).anyMatch(line -> line.contains(":" + port + "/api/websocket"));
      assertThat(output).noneMatch(line -> line.contains(TOKEN));
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Path execJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("ha-simulator-.*-exec\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no exec jar in target/: run mvn package"));
    }
  }

  private static void collect(Process process, List<String> output) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
      }
    } catch (IOException endOfProcess) {
      output.add("[output closed: " + endOfProcess.getMessage() + "]");
    }
  }
}
