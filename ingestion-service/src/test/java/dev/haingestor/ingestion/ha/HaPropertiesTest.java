package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

class HaPropertiesTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Config.class);

  @EnableConfigurationProperties(HaProperties.class)
  static class Config {}

  @Test
  void bindsTheDocumentedEnvironmentVariables() {
    HaProperties properties =
        bindEnvironment(
            Map.of(
                "HA_URL", "http://ha:8123",
                "HA_TOKEN", "abc",
                "HA_TOKEN_FILE", "/run/secrets/ha_token",
                "HA_RECONNECT_MIN_DELAY", "2s",
                "HA_RECONNECT_MAX_DELAY", "2m",
                "HA_AUTH_RETRY_DELAY", "10m",
                "HA_HEARTBEAT_INTERVAL", "15s",
                "HA_HEARTBEAT_TIMEOUT", "5s",
                "HA_CONNECT_TIMEOUT", "20s",
                "HA_MAX_FRAME_SIZE", "32MB"));

    assertThat(properties.url()).isEqualTo("http://ha:8123");
    assertThat(properties.token()).isEqualTo("abc");
    assertThat(properties.tokenFile()).isEqualTo(Path.of("/run/secrets/ha_token"));
    assertThat(properties.reconnectMinDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.reconnectMaxDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.authRetryDelay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(properties.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.maxFrameSize()).isEqualTo(DataSize.ofMegabytes(32));
  }

  @Test
  void hasTheDocumentedDefaults() {
    HaProperties properties = bindEnvironment(Map.of("HA_URL", "http://ha:8123"));

    assertThat(properties.reconnectMinDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(properties.authRetryDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.maxFrameSize()).isEqualTo(DataSize.ofMegabytes(16));
  }

  @Test
  void failsAtStartupNamingBothTokenVariablesWhenNoTokenIsSet() {
    context
        .withPropertyValues("ha.url=http://ha:8123")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("HA_TOKEN")
                    .hasMessageContaining("HA_TOKEN_FILE"));
  }

  @Test
  void failsAtStartupWhenTheUrlIsMissingOrUnusable() {
    context
        .withPropertyValues("ha.token=abc")
        .run(
            started -> assertThat(started).getFailure().rootCause().hasMessageContaining("HA_URL"));
    context
        .withPropertyValues("ha.token=abc", "ha.url=ftp://ha")
        .run(
            started -> assertThat(started).getFailure().rootCause().hasMessageContaining("HA_URL"));
  }

  @Test
  void failsAtStartupWhenTheReconnectRangeIsInverted() {
    context
        .withPropertyValues(
            "ha.token=abc",
            "ha.url=http://ha:8123",
            "ha.reconnect-min-delay=10s",
            "ha.reconnect-max-delay=1s")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("HA_RECONNECT_MAX_DELAY"));
  }

  @Test
  void startsWithAUrlAndAToken() {
    context
        .withPropertyValues("ha.token=abc", "ha.url=http://ha:8123")
        .run(started -> assertThat(started).hasNotFailed().hasSingleBean(HaProperties.class));
  }

  @Test
  void neverShowsTheTokenInToString() {
    HaProperties properties =
        bindEnvironment(Map.of("HA_URL", "http://ha:8123", "HA_TOKEN", "eyJ-very-secret"));

    assertThat(properties.toString()).doesNotContain("eyJ-very-secret").contains("token=****");
    assertThat(new AccessToken("eyJ-very-secret").toString()).doesNotContain("eyJ-very-secret");
  }

  @Test
  void readsTheTokenFileTrimmed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ha_token");
    Files.writeString(file, "  eyJ-from-file\n");

    AccessToken token = AccessToken.resolve(properties(null, file));

    assertThat(token.value()).isEqualTo("eyJ-from-file");
  }

  @Test
  void prefersTheTokenVariableOverTheFile(@TempDir Path dir) {
    assertThat(AccessToken.resolve(properties("direct", dir.resolve("absent"))).value())
        .isEqualTo("direct");
  }

  @Test
  void refusesAMissingOrEmptyTokenFileNamingTheVariable(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), " \n");

    assertThatThrownBy(() -> AccessToken.resolve(properties(null, dir.resolve("absent"))))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("HA_TOKEN_FILE");
    assertThatThrownBy(() -> AccessToken.resolve(properties(null, empty)))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("HA_TOKEN_FILE");
  }

  private static HaProperties properties(String token, Path tokenFile) {
    Map<String, String> environment = new HashMap<>();
    environment.put("HA_URL", "http://ha:8123");
    if (token != null) {
      environment.put("HA_TOKEN", token);
    }
    environment.put("HA_TOKEN_FILE", tokenFile.toString());
    return bindEnvironment(environment);
  }

  private static HaProperties bindEnvironment(Map<String, String> variables) {
    // Named like the real one: only then does Boot apply the environment-variable name mapping.
    SystemEnvironmentPropertySource environment =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables));
    return new Binder(ConfigurationPropertySources.from(environment))
        .bindOrCreate("ha", Bindable.of(HaProperties.class));
  }
}
