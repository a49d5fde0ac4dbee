package dev.haingestor.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** A runtime configuration document that cannot be used, with every reason found. */
public final class InvalidRuntimeConfigException extends RuntimeException {

  private static final int VIOLATIONS_IN_MESSAGE = 5;

  private final List<ConfigViolation> violations;

  public InvalidRuntimeConfigException(List<ConfigViolation> violations) {
    super(describe(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  /** Never empty. */
  public List<ConfigViolation> violations() {
    return violations;
  }

  private static String describe(List<ConfigViolation> violations) {
    String shown =
        violations.stream()
            .limit(VIOLATIONS_IN_MESSAGE)
            .map(ConfigViolation::toString)
            .collect(Collectors.joining("; "));
    int more = violations.size() - VIOLATIONS_IN_MESSAGE;
    return "invalid runtime configuration: " + shown + (more > 0 ? " (and " + more + " more)" : "");
  }
}
