package dev.haingestor.admin.entities;

import static dev.haingestor.admin.problem.InvalidParameterException.echo;

import dev.haingestor.admin.problem.InvalidParameterException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated {@code GET /api/v1/entities} request.
 *
 * @param domain only entities of this domain, or {@code null}
 * @param search only entities whose id or friendly name contains this text (case-insensitive,
 *     literal: no pattern syntax), lower-cased; or {@code null}
 * @param offset matches skipped
 * @param limit page size
 */
record EntityQuery(String domain, String search, int offset, int limit) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_OFFSET = 1_000_000;
  static final int MAX_SEARCH = 100;

  // HA's domain alphabet (homeassistant/core.py VALID_DOMAIN), as in the events endpoint.
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_]{1,64}");

  static EntityQuery parse(String domain, String search, String offset, String limit) {
    String parsedDomain = blankToNull(domain);
    if (parsedDomain != null && !DOMAIN.matcher(parsedDomain).matches()) {
      throw new InvalidParameterException(
          "domain",
          "domain must be 1 to 64 lower-case letters, digits or underscores, e.g. sensor; was "
              + echo(parsedDomain));
    }
    String parsedSearch = blankToNull(search);
    if (parsedSearch != null) {
      parsedSearch = parsedSearch.strip();
      if (parsedSearch.length() > MAX_SEARCH) {
        throw new InvalidParameterException(
            "search", "search must be at most " + MAX_SEARCH + " characters");
      }
      if (parsedSearch.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidParameterException("search", "search must not contain control characters");
      }
      parsedSearch = parsedSearch.toLowerCase(Locale.ROOT);
    }
    return new EntityQuery(
        parsedDomain,
        parsedSearch,
        integer("offset", offset, 0, 0, MAX_OFFSET),
        integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  boolean matches(EntityView entity) {
    if (domain != null && !domain.equals(entity.domain())) {
      return false;
    }
    if (search == null) {
      return true;
    }
    return entity.entityId().toLowerCase(Locale.ROOT).contains(search)
        || (entity.friendlyName() != null
            && entity.friendlyName().toLowerCase(Locale.ROOT).contains(search));
  }

  private static int integer(String name, String text, int absent, int min, int max) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      value = min - 1;
    }
    if (value < min || value > max) {
      throw new InvalidParameterException(
          name, name + " must be an integer from " + min + " to " + max + "; was " + echo(text));
    }
    return value;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
