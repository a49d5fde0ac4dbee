package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expectations are CPython 3 results of {@code float(x)}, {@code str(x)} and {@code repr(x)}. */
class PythonCoercionTest {

  /** Python's grammar as a regular expression, the form it is documented in: the oracle. */
  private static final Pattern DECIMAL_FLOAT =
      Pattern.compile("[+-]?(?:(?:D)?\\.D|D\\.?)(?:[eE][+-]?D)?".replace("D", "\\d(?:_?\\d)*"));

  @Test
  void recognisesExactlyWhatTheGrammarsRegularExpressionMatches() {
    Random random = new Random(7);
    String alphabet = "0123456789_.eE+-x ";
    int matched = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        // Digits twice as likely as the rest, so that valid numbers are common.
        text.append(
            random.nextBoolean()
                ? (char) ('0' + random.nextInt(10))
                : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      boolean expected = DECIMAL_FLOAT.matcher(s).matches();
      assertThat(PythonCoercion.isDecimalFloat(s)).as("'%s'", s).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    assertThat(matched).as("valid samples").isGreaterThan(20_000);
  }

  @ParameterizedTest
  @CsvSource({
    "1,1.0",
    "1.e5,100000.0",
    "'.',",
    "'.e5',",
    "1e,",
    "-,",
    "-2.5,-2.5",
    "1e-05,1.0E-5",
    "1E+3,1000.0",
    "'  12 ',12.0",
    "1_000.000_1,1000.0001",
    "+.5,0.5",
    "7.,7.0",
    "0x10,",
    "1.5f,",
    "1__0,",
    "_1,",
    "1_,",
    "abc,",
    "'',",
    "1 2,"
  })
  void parsesFloatAsPythonDoes(String text, Double expected) {
    assertThat(PythonCoercion.parseFloat(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nan", "NaN", "-nan", "+NAN"})
  void parsesNan(String text) {
    assertThat(PythonCoercion.parseFloat(text)).isNaN();
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "Infinity", "+INF", "iNfInItY"})
  void parsesInfinity(String text) {
    assertThat(PythonCoercion.parseFloat(text)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void parsesUnicodeDigitsAndWhitespaceAsPythonDoes() {
    assertThat(PythonCoercion.parseFloat("\u0661\u0662.5")).isEqualTo(12.5); // Arabic-Indic
    assertThat(PythonCoercion.parseFloat("\u00a042\n")).isEqualTo(42.0); // NBSP, newline
  }

  @Test
  void floatOfNonStringsFollowsPython() {
    assertThat(PythonCoercion.toFloat(true)).isEqualTo(1.0);
    assertThat(PythonCoercion.toFloat(false)).isEqualTo(0.0);
    assertThat(PythonCoercion.toFloat(3)).isEqualTo(3.0);
    assertThat(PythonCoercion.toFloat(new BigInteger("12345678901234567890")))
        .isEqualTo(1.2345678901234567e19);
    assertThat(PythonCoercion.toFloat(null)).isNull();
    assertThat(PythonCoercion.toFloat(List.of(1))).isNull();
    assertThat(PythonCoercion.toFloat(Map.of())).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "21.0,21.0",
    "0.1,0.1",
    "0.0001,0.0001",
    "0.00001,1e-05",
    "1.5e-07,1.5e-07",
    "1e15,1000000000000000.0",
    "1e16,1e+16",
    "1.2345e20,1.2345e+20",
    "-3.25,-3.25",
    "123456.789,123456.789"
  })
  void floatReprMatchesPython(double value, String expected) {
    assertThat(PythonCoercion.floatRepr(value)).isEqualTo(expected);
  }

  @Test
  void floatReprOfSpecials() {
    assertThat(PythonCoercion.floatRepr(Double.NaN)).isEqualTo("nan");
    assertThat(PythonCoercion.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(PythonCoercion.floatRepr(-0.0)).isEqualTo("-0.0");
  }

  @Test
  void strOfScalars() {
    assertThat(PythonCoercion.toStr("plain")).isEqualTo("plain");
    assertThat(PythonCoercion.toStr(null)).isEqualTo("None");
    assertThat(PythonCoercion.toStr(true)).isEqualTo("True");
    assertThat(PythonCoercion.toStr(42)).isEqualTo("42");
    assertThat(PythonCoercion.toStr(2.0)).isEqualTo("2.0");
  }

  @Test
  void strOfContainersUsesReprOfItems() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("it's", List.of(1, 2.5, "x"));
    map.put("q", "say \"hi\"");
    map.put("both", "it's \"x\"");
    map.put("ctl", "a\tb\u0007\u00e9\u200b");

    assertThat(PythonCoercion.toStr(map))
        .isEqualTo(
            "{\"it's\": [1, 2.5, 'x'], 'q': 'say \"hi\"', 'both': 'it\\'s \"x\"', "
                + "'ctl': 'a\\tb\\x07\u00e9\\u200b'}");
    assertThat(PythonCoercion.toStr(List.of())).isEqualTo("[]");
  }
}
