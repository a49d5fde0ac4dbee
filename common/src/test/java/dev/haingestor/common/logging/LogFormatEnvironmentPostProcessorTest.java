package dev.haingestor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LogFormatEnvironmentPostProcessorTest {

  private final LogFormatEnvironmentPostProcessor processor =
      new LogFormatEnvironmentPostProcessor();

  @Test
  void logFormatJsonSwitchesToStructuredEcsLogs() {
    StandardEnvironment environment = environment(Map.of("LOG_FORMAT", "json"));

    processor.postProcessEnvironment(environment, null);

    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
  }

  @Test
  void anExplicitStructuredFormatWins() {
    StandardEnvironment environment =
        environment(Map.of("LOG_FORMAT", "JSON", "logging.structured.format.console", "logstash"));

    processor.postProcessEnvironment(environment, null);

    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
  }

  @Test
  void plainLogsOtherwise() {
    StandardEnvironment environment = environment(Map.of("LOG_FORMAT", "plain"));

    processor.postProcessEnvironment(environment, null);

    assertThat(environment.containsProperty("logging.structured.format.console")).isFalse();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }
}
