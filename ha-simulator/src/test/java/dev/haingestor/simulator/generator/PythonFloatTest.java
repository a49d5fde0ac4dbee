package dev.haingestor.simulator.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonFloatTest {

  @ParameterizedTest
  @CsvSource({
    "21.0, 21.0",
    "21.50, 21.5",
    "0, 0.0",
    "12.340, 12.34",
    "0.0001, 0.0001",
    "0.000047, 4.7e-05",
    "0.00001, 1e-05",
    "10000000000000000, 1e+16",
    "1234567890123456, 1234567890123456.0",
    "-0.000012, -1.2e-05"
  })
  void writesNumbersAsPythonsRepr(String decimal, String python) {
    assertThat(PythonFloat.repr(new BigDecimal(decimal))).isEqualTo(python);
  }
}
