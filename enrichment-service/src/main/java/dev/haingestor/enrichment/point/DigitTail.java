package dev.haingestor.enrichment.point;

/**
 * HA's {@code RE_DIGIT_TAIL} and {@code RE_DECIMAL} ({@code homeassistant/components/influxdb/
 * const.py}): a string attribute with digits also gets a numeric field made of its digits and its
 * one dot. Written as loops over code points rather than regular expressions: they run for every
 * string attribute of every event, and the two patterns were a twelfth of the service's allocation.
 * {@code DigitTailTest} checks them against the patterns.
 */
final class DigitTail {

  private DigitTail() {}

  /**
   * Whether {@code ^[^.]*\d+\.?\d+[^.]*$} matches ({@code \d} = Unicode decimal digit, as in
   * Python): with no dot, two adjacent digits somewhere; with one dot, a digit right before and
   * right after it; with more dots, never.
   */
  static boolean matches(String text) {
    boolean adjacentDigits = false;
    boolean digitBeforeDot = false;
    boolean digitAfterDot = false;
    boolean justAfterDot = false;
    int dots = 0;
    int previous = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '.') {
        if (++dots > 1) {
          return false;
        }
        digitBeforeDot = previous >= 0 && Character.isDigit(previous);
        justAfterDot = true;
      } else {
        boolean digit = Character.isDigit(c);
        if (justAfterDot) {
          digitAfterDot = digit;
          justAfterDot = false;
        }
        if (digit && previous >= 0 && Character.isDigit(previous)) {
          adjacentDigits = true;
        }
      }
      previous = c;
    }
    return dots == 0 ? adjacentDigits : digitBeforeDot && digitAfterDot;
  }

  /**
   * {@code float(RE_DECIMAL.sub("", text))} where {@link #matches} holds: the text's digits, as
   * ASCII, and its dot.
   */
  static double digits(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '.' || Character.isDigit(c)) {
        kept.appendCodePoint(c);
      }
    }
    return Double.parseDouble(PythonCoercion.asciiDigits(kept.toString()));
  }
}
