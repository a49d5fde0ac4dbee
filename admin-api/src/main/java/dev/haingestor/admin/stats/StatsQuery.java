package dev.haingestor.admin.stats;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.problem.InvalidParameterException;

/**
 * A validated {@code GET /api/v1/stats} request.
 *
 * @param window the window to sum
 * @param top how many entities to list in {@code top_entities}
 */
record StatsQuery(StatsWindow window, int top) {

  static final int DEFAULT_TOP = 10;
  static final int MAX_TOP = 100;

  static StatsQuery parse(String window, String top) {
    StatsWindow parsedWindow = StatsWindow.FIVE_MINUTES;
    if (window != null && !window.isBlank()) {
      parsedWindow = StatsWindow.parse(window.strip());
      if (parsedWindow == null) {
        throw new InvalidParameterException(
            "window", "window must be one of 5m, 1h, 24h; was " + echo(window));
      }
    }
    int parsedTop = DEFAULT_TOP;
    if (top != null && !top.isBlank()) {
      try {
        parsedTop = Integer.parseInt(top.strip());
      } catch (NumberFormatException e) {
        parsedTop = -1;
      }
      if (parsedTop < 1 || parsedTop > MAX_TOP) {
        throw new InvalidParameterException(
            "top", "top must be an integer from 1 to " + MAX_TOP + "; was " + echo(top));
      }
    }
    return new StatsQuery(parsedWindow, parsedTop);
  }
}
