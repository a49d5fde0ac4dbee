package dev.haingestor.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured API keys and the comparison of a presented key with them.
 *
 * <p>Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}: both sides have the
 * same length whatever was presented, and the comparison takes the same time wherever the first
 * difference is, so response times reveal nothing about a key.
 */
@Component
public class ApiKeys {

  /** Shorter keys are refused at startup: they can be guessed over a home network. */
  static final int MIN_LENGTH = 16;

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

  private final byte[] adminDigest;
  private final byte[] readDigest;

  public ApiKeys(SecurityProperties properties) {
    String admin = blankToNull(properties.adminKey());
    String read = blankToNull(properties.readKey());
    requireStrong("ADMIN_API_KEY", admin);
    requireStrong("READ_API_KEY", read);
    if (admin != null && admin.equals(read)) {
      throw new IllegalStateException(
          "READ_API_KEY equals ADMIN_API_KEY: a read key must not grant admin rights; use two"
              + " different keys");
    }
    this.adminDigest = admin == null ? null : digest(admin);
    this.readDigest = read == null ? null : digest(read);
    if (admin == null) {
      log.warn(
          "ADMIN_API_KEY is not set: the mutating endpoints (PUT/PATCH /api/v1/config, dead-letter"
              + " replay and delete) are disabled and answer 403 until a key is configured");
    }
    if (read == null) {
      log.info(
          "READ_API_KEY is not set: the read endpoints answer every caller that reaches this port"
              + " without a key");
    }
  }

  public boolean adminConfigured() {
    return adminDigest != null;
  }

  public boolean readConfigured() {
    return readDigest != null;
  }

  /**
   * The role a presented key grants: {@link Role#ADMIN}, {@link Role#READ}, or {@code null} when it
   * matches no configured key. Both digests are always compared, so the time taken does not tell
   * which key matched.
   */
  public Role match(String presented) {
    byte[] digest = digest(presented);
    boolean admin = adminDigest != null && MessageDigest.isEqual(adminDigest, digest);
    boolean read = readDigest != null && MessageDigest.isEqual(readDigest, digest);
    if (admin) {
      return Role.ADMIN;
    }
    return read ? Role.READ : null;
  }

  private static void requireStrong(String variable, String key) {
    if (key != null && key.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          variable
              + " must be at least "
              + MIN_LENGTH
              + " characters long (e.g. the output of 'openssl rand -hex 24'); the configured"
              + " one is shorter");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
