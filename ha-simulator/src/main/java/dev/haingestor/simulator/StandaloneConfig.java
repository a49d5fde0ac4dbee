package dev.haingestor.simulator;

import java.util.Map;

/**
 * The standalone simulator's environment variables.
 *
 * @param tokenDefaulted {@code SIM_TOKEN} was not set and {@link #DEFAULT_TOKEN} is used
 * @param eventsPerSecond continuous event rate; 0 keeps the home quiet
 */
record StandaloneConfig(
    int port,
    String token,
    boolean tokenDefaulted,
    long seed,
    int entities,
    double eventsPerSecond,
    String bindAddress) {

  static final String DEFAULT_TOKEN = "sim-token";

  static StandaloneConfig fromEnvironment(Map<String, String> env) {
    String token = env.getOrDefault("SIM_TOKEN", "");
    boolean tokenDefaulted = token.isBlank();
    double rate = number(env, "SIM_RATE", 1.0);
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("SIM_RATE must be a finite number >= 0: " + rate);
    }
    return new StandaloneConfig(
        (int) integer(env, "SIM_PORT", 8123),
        tokenDefaulted ? DEFAULT_TOKEN : token,
        tokenDefaulted,
        integer(env, "SIM_SEED", 42),
        (int) integer(env, "SIM_ENTITIES", 60),
        rate,
        text(env, "SIM_BIND", "127.0.0.1"));
  }

  private static long integer(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: " + value, e);
    }
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: " + value, e);
    }
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
