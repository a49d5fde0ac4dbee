package dev.haingestor.admin.config;

import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.InvalidParameterException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The configuration version a change is based on, from {@code If-Match}: the ETag of {@code GET
 * /api/v1/config}, {@code "<version>"} (a weak {@code W/"<version>"} and a bare number are accepted
 * too). Missing → 428: every change must say what it changes, so two admins never overwrite each
 * other unknowingly. {@code *} is not accepted for the same reason.
 */
final class IfMatch {

  static final String HEADER = "If-Match";

  private static final Pattern ETAG = Pattern.compile("(?:W/)?\"([0-9]{1,18})\"|([0-9]{1,18})");

  private IfMatch() {}

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  static long expectedVersion(String header) {
    if (header == null || header.isBlank()) {
      throw new ApiProblemException(
          HttpStatus.PRECONDITION_REQUIRED,
          "if-match-required",
          "If-Match required",
          "Send the ETag of GET /api/v1/config as If-Match, e.g. If-Match: \"7\"; changes without"
              + " it are refused so that concurrent changes never overwrite each other");
    }
    Matcher matcher = ETAG.matcher(header.strip());
    if (!matcher.matches()) {
      throw new InvalidParameterException(
          HEADER,
          "If-Match must be the ETag of GET /api/v1/config, e.g. \"7\" (a list or * is not"
              + " accepted)");
    }
    return Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
  }

  static ApiProblemException mismatch(long current, long expected) {
    return new ApiProblemException(
            HttpStatus.PRECONDITION_FAILED,
            "version-mismatch",
            "Configuration version mismatch",
            "The configuration is at version "
                + current
                + ", the change was based on version "
                + expected
                + "; GET /api/v1/config, reapply the change and send its ETag")
        .with("current_version", current)
        .withHeader("ETag", etag(current));
  }
}
