package dev.haingestor.common.logging;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the stack's {@code LOG_FORMAT=json} (DESIGN.md §4) onto Spring Boot's structured logging,
 * {@code logging.structured.format.console=ecs}, so that one variable switches every service to
 * JSON logs. An explicit {@code logging.structured.format.console} (e.g. {@code logstash}) wins.
 * Runs before logging is initialised.
 */
public class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String LOG_FORMAT = "LOG_FORMAT";
  static final String STRUCTURED_CONSOLE = "logging.structured.format.console";
  static final String JSON_FORMAT = "ecs";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String format = environment.getProperty(LOG_FORMAT);
    if (format == null
        || !format.trim().toLowerCase(Locale.ROOT).equals("json")
        || environment.containsProperty(STRUCTURED_CONSOLE)) {
      return;
    }
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("logFormat", Map.of(STRUCTURED_CONSOLE, JSON_FORMAT)));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
