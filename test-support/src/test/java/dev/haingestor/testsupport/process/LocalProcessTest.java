package dev.haingestor.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalProcessTest {

  @Test
  void closeKillsTheProcessAndDeletesItsDirectory() throws Exception {
    Path directory = LocalProcess.tempDirectory("local-process-test-");
    Files.writeString(directory.resolve("data"), "x");
    LocalProcess process = LocalProcess.start("sleeper", directory, List.of("sleep", "600"));
    process.awaitReady(() -> true, Duration.ofSeconds(5));

    process.close();

    assertThat(process.isAlive()).isFalse();
    assertThat(directory).doesNotExist();
  }

  @Test
  void failsFastWithTheLogTailWhenTheProcessExitsWhileStarting() {
    Path directory = LocalProcess.tempDirectory("local-process-test-");
    LocalProcess process =
        LocalProcess.start(
            "failing server",
            directory,
            List.of("sh", "-c", "echo 'bind: address already in use' >&2; exit 3"));

    long start = System.nanoTime();
    assertThatThrownBy(() -> process.awaitReady(() -> false, Duration.ofSeconds(30)))
        .isInstanceOf(LocalProcess.ProcessExitedException.class)
        .hasMessageContaining("failing server exited with code 3")
        .hasMessageContaining("bind: address already in use");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(directory).doesNotExist();
  }

  @Test
  void givesUpAfterTheTimeoutAndKillsTheProcess() {
    Path directory = LocalProcess.tempDirectory("local-process-test-");
    LocalProcess process =
        LocalProcess.start(
            "slow server", directory, List.of("sh", "-c", "echo still starting; exec sleep 600"));

    assertThatThrownBy(() -> process.awaitReady(() -> false, Duration.ofMillis(300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slow server did not become ready within PT0.3S");
    assertThat(process.isAlive()).isFalse();
    assertThat(directory).doesNotExist();
  }
}
