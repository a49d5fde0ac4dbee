package dev.haingestor.ingestion.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;

/**
 * A Home Assistant long-lived access token. Its {@code toString} never shows the value, so it can
 * travel through logs and exception messages safely.
 */
public record AccessToken(String value) {

  public AccessToken {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("access token is blank");
    }
  }

  /**
   * The token from {@code HA_TOKEN}, else the trimmed contents of {@code HA_TOKEN_FILE}.
   *
   * @throws AuthenticationFailedException when neither yields a token; a configuration error, not a
   *     transient fault
   */
  public static AccessToken resolve(HaProperties properties) {
    if (properties.token() != null && !properties.token().isBlank()) {
      return new AccessToken(properties.token().trim());
    }
    if (properties.tokenFile() == null) {
      throw new AuthenticationFailedException(
          "no access token: set HA_TOKEN or HA_TOKEN_FILE", null);
    }
    String contents;
    try {
      contents = Files.readString(properties.tokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new AuthenticationFailedException(
          "HA_TOKEN_FILE " + properties.tokenFile() + " cannot be read: " + e, e);
    }
    if (contents.isEmpty()) {
      throw new AuthenticationFailedException(
          "HA_TOKEN_FILE " + properties.tokenFile() + " is empty", null);
    }
    return new AccessToken(contents);
  }

  static String mask(String token) {
    return token == null || token.isEmpty() ? "<none>" : "****";
  }

  @Override
  public String toString() {
    return "AccessToken[****]";
  }
}
