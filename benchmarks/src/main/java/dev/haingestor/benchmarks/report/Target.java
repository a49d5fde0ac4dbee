package dev.haingestor.benchmarks.report;

/**
 * One target of issue 7 next to its measured figure.
 *
 * @param goal the target as issue 7 states it
 * @param measured the figure, in words and numbers
 * @param met true/false, or null when this run does not measure it
 */
public record Target(String measure, String goal, String measured, Boolean met) {}
