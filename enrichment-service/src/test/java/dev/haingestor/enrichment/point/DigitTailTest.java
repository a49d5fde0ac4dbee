package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link DigitTail} against the regular expressions it replaces, as HA's const.py spells them. */
class DigitTailTest {

  private static final Pattern DIGIT_TAIL =
      Pattern.compile(
          "^[^.]*\\d+\\.?\\d+[^.]*$", Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NOT_DECIMAL =
      Pattern.compile("[^\\d.]+", Pattern.UNICODE_CHARACTER_CLASS);

  /** Digits (ASCII, Arabic-Indic, fullwidth, mathematical bold), dots, letters, blanks. */
  private static final String[] PIECES = {
    "0",
    "1",
    "7",
    "9",
    ".",
    ".",
    "a",
    "V",
    "x",
    " ",
    "\n",
    "-",
    "_",
    "٣",
    "３",
    "\uD835\uDFCE",
    "°",
    "é"
  };

  @Test
  void agreesWithHasRegularExpressions() {
    Random random = new Random(2026);
    int matched = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = text.toString();
      boolean expected = DIGIT_TAIL.matcher(s).find();

      assertThat(DigitTail.matches(s)).as("matches(%s)", s).isEqualTo(expected);
      if (expected) {
        matched++;
        String decimal = PythonCoercion.asciiDigits(NOT_DECIMAL.matcher(s).replaceAll(""));
        assertThat(DigitTail.digits(s)).as("digits(%s)", s).isEqualTo(Double.parseDouble(decimal));
      }
    }
    assertThat(matched).isGreaterThan(10_000);
  }

  @Test
  void readsTheDigitsOfTypicalAttributes() {
    assertThat(DigitTail.matches("v1.2")).isTrue();
    assertThat(DigitTail.digits("v1.2")).isEqualTo(1.2);
    assertThat(DigitTail.matches("192.168.1.1")).isFalse();
    assertThat(DigitTail.matches("firmware 10")).isTrue();
    assertThat(DigitTail.digits("firmware 10")).isEqualTo(10.0);
    assertThat(DigitTail.matches("a1b2")).isFalse();
  }
}
