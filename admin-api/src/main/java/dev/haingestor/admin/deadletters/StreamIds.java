package dev.haingestor.admin.deadletters;

import java.util.regex.Pattern;

/**
 * Redis stream entry ids ({@code <milliseconds>-<sequence>}, both unsigned 64-bit): validation and
 * the neighbouring ids that turn exclusive bounds into the inclusive ones every Redis version
 * accepts.
 */
final class StreamIds {

  private static final Pattern ID = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");

  private StreamIds() {}

  /** A complete id whose parts fit unsigned 64-bit numbers. */
  static boolean isValid(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return false;
    }
    int dash = id.indexOf('-');
    return fitsUnsigned(id.substring(0, dash)) && fitsUnsigned(id.substring(dash + 1));
  }

  /** The greatest id smaller than {@code id}; {@code null} for {@code 0-0}. */
  static String predecessor(String id) {
    int dash = id.indexOf('-');
    long millis = Long.parseUnsignedLong(id.substring(0, dash));
    long sequence = Long.parseUnsignedLong(id.substring(dash + 1));
    if (sequence != 0) {
      return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence - 1);
    }
    if (millis == 0) {
      return null;
    }
    return Long.toUnsignedString(millis - 1) + "-" + Long.toUnsignedString(-1L);
  }

  /** The smallest id greater than {@code id}; {@code null} for the greatest id. */
  static String successor(String id) {
    int dash = id.indexOf('-');
    long millis = Long.parseUnsignedLong(id.substring(0, dash));
    long sequence = Long.parseUnsignedLong(id.substring(dash + 1));
    if (sequence != -1L) {
      return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence + 1);
    }
    if (millis == -1L) {
      return null;
    }
    return Long.toUnsignedString(millis + 1) + "-0";
  }

  private static boolean fitsUnsigned(String digits) {
    try {
      Long.parseUnsignedLong(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
