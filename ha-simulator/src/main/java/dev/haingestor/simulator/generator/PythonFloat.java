package dev.haingestor.simulator.generator;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}, which is how HA turns a numeric sensor value into its state string:
 * {@code 21.0}, {@code 21.5}, {@code 0.0001}, but {@code 1e-05} and {@code 1e+16}. Consumers have
 * to parse both notations.
 */
public final class PythonFloat {

  private PythonFloat() {}

  public static String repr(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.signum() == 0) {
      return value.signum() < 0 ? "-0.0" : "0.0";
    }
    int exponent = stripped.precision() - stripped.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = stripped.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = stripped.signum() < 0 ? "-" : "";
      String exponentSign = exponent < 0 ? "-" : "+";
      return sign + mantissa + "e" + exponentSign + String.format("%02d", Math.abs(exponent));
    }
    String plain = stripped.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return repr(new BigDecimal(Double.toString(value)));
  }
}
