package dev.haingestor.admin.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The identity of one cached answer: the endpoint and every parameter that shapes the answer. The
 * Redis key holds a SHA-256 of the parameters, so that any text (long search strings, quotes,
 * newlines) makes a short key of fixed alphabet, and two parameter lists never collide: each
 * parameter is length-prefixed before hashing.
 *
 * @param endpoint a short constant name, e.g. {@code stats}
 * @param parameters every parameter value after validation, in a fixed order; {@code null} allowed
 */
public record CacheKey(String endpoint, List<Object> parameters) {

  public CacheKey {
    Objects.requireNonNull(endpoint, "endpoint");
    parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
  }

  public static CacheKey of(String endpoint, Object... parameters) {
    return new CacheKey(endpoint, java.util.Arrays.asList(parameters));
  }

  /** The hex SHA-256 of the parameters and {@code generation}. */
  String digest(long generation) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
    update(sha, Long.toString(generation));
    for (Object parameter : parameters) {
      update(sha, parameter == null ? null : parameter.toString());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, String value) {
    if (value == null) {
      sha.update((byte) 'N');
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) 'S');
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }
}
