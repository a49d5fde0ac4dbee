package dev.haingestor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSelectionTest {

  private static final BooleanSupplier NO_DOCKER = () -> false;
  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier MUST_NOT_ASK_DOCKER =
      () -> {
        throw new AssertionError("Docker must not be probed");
      };

  @TempDir Path bin;

  @Test
  void failsWithTheInstallCommandWhenNeitherDockerNorLocalServersExist() {
    assertThatThrownBy(
            () -> ServerSelection.choose(ServerSelection.Mode.AUTO, NO_DOCKER, onlyPath()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "No Docker engine and no local servers. Install Debian packages: sudo apt-get"
                + " install -y redis-server influxdb influxdb-client — or start Docker.")
        .hasMessageContaining("redis-server, influxd");
  }

  @Test
  void namesOnlyTheServerThatIsMissing() throws IOException {
    executable("redis-server");

    assertThatThrownBy(
            () -> ServerSelection.choose(ServerSelection.Mode.AUTO, NO_DOCKER, onlyPath()))
        .hasMessageContaining("not found: influxd in");
  }

  @Test
  void usesLocalServersWhenDockerDoesNotAnswer() throws IOException {
    Path redis = executable("redis-server");
    Path influxd = executable("influxd");

    ServerSelection.Choice choice =
        ServerSelection.choose(ServerSelection.Mode.AUTO, NO_DOCKER, onlyPath());

    assertThat(choice.docker()).isFalse();
    assertThat(choice.redisServer()).isEqualTo(redis);
    assertThat(choice.influxd()).isEqualTo(influxd);
  }

  @Test
  void prefersDockerInAutoModeWhenItAnswers() throws IOException {
    executable("redis-server");
    executable("influxd");

    assertThat(ServerSelection.choose(ServerSelection.Mode.AUTO, DOCKER, onlyPath()).docker())
        .isTrue();
  }

  @Test
  void localModeNeverProbesDocker() throws IOException {
    executable("redis-server");
    executable("influxd");

    assertThat(
            ServerSelection.choose(ServerSelection.Mode.LOCAL, MUST_NOT_ASK_DOCKER, onlyPath())
                .docker())
        .isFalse();
  }

  @Test
  void localModeWithoutServersSaysWhatToInstall() {
    assertThatThrownBy(
            () ->
                ServerSelection.choose(ServerSelection.Mode.LOCAL, MUST_NOT_ASK_DOCKER, onlyPath()))
        .hasMessageContaining("sudo apt-get install -y redis-server influxdb influxdb-client");
  }

  @Test
  void dockerModeFailsWhenNoEngineAnswers() throws IOException {
    executable("redis-server");
    executable("influxd");

    assertThatThrownBy(
            () -> ServerSelection.choose(ServerSelection.Mode.DOCKER, NO_DOCKER, onlyPath()))
        .hasMessageContaining("no Docker engine answers");
  }

  @Test
  void ignoresFilesThatAreNotExecutable() throws IOException {
    Files.createFile(bin.resolve("redis-server"));
    executable("influxd");

    assertThatThrownBy(
            () -> ServerSelection.choose(ServerSelection.Mode.AUTO, NO_DOCKER, onlyPath()))
        .hasMessageContaining("not found: redis-server in");
  }

  @Test
  void parsesTheSwitchCaseInsensitivelyAndDefaultsToAuto() {
    assertThat(ServerSelection.Mode.parse(null)).isEqualTo(ServerSelection.Mode.AUTO);
    assertThat(ServerSelection.Mode.parse(" Local ")).isEqualTo(ServerSelection.Mode.LOCAL);
    assertThatThrownBy(() -> ServerSelection.Mode.parse("podman"))
        .hasMessageContaining("HA_INGESTOR_TEST_SERVERS=podman is not one of");
  }

  private Executables onlyPath() {
    return new Executables(List.of(bin));
  }

  private Path executable(String name) throws IOException {
    return Files.createFile(
        bin.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }
}
