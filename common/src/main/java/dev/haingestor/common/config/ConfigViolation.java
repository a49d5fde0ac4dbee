package dev.haingestor.common.config;

import java.util.Objects;

/**
 * One reason why a runtime configuration is rejected.
 *
 * @param path where, in the JSON document's snake_case names: {@code schema.measurement_attr},
 *     {@code filter.include.entities[2]}, {@code schema.component_config["sensor.x"]}; {@value
 *     #DOCUMENT} for the document as a whole
 * @param message what is wrong, for a human
 */
public record ConfigViolation(String path, String message) {

  /** The path of a violation of the whole document (malformed JSON, not an object). */
  public static final String DOCUMENT = "$";

  public ConfigViolation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
