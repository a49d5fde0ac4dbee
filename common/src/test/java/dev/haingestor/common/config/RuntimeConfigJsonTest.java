package dev.haingestor.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeConfigJsonTest {

  private final RuntimeConfigJson json = new RuntimeConfigJson();

  @Test
  void roundTripsEverySection() {
    RuntimeConfig config = RuntimeConfigs.full();

    RuntimeConfig read = json.read(json.write(config));

    assertThat(read).isEqualTo(config);
  }

  @Test
  void writesSnakeCaseNamesWireEnumsAndIsoDurations() {
    String written = json.write(RuntimeConfigs.full());

    assertThat(written)
        .contains("\"updated_at\":\"2026-11-22T10:15:30.123Z\"")
        .contains("\"entity_globs\":[\"switch.*_plug\"]")
        .contains("\"per_domain\":{\"climate\"")
        .contains("\"max_processing_rate\":250")
        .contains("\"republish_interval\":\"PT1H\"")
        .contains("\"measurement_attr\":\"domain__device_class\"")
        .contains("\"precision\":\"ms\"")
        .contains("\"component_config_glob\":{\"sensor.*_power\"")
        .contains("\"provider\":\"ha_entity\"")
        .contains("\"refresh_interval\":\"PT30M\"")
        .doesNotContain("overrideMeasurement")
        .doesNotContain("\"override_measurement\":null");
  }

  @Test
  void acceptsTheDocumentedExample() throws IOException {
    String example = golden("runtime-config-example.json");

    RuntimeConfig config = json.read(example);

    assertThat(config.version()).isEqualTo(7);
    assertThat(config.filter().exclude().entityGlobs())
        .containsExactly("sensor.*_rssi", "sensor.*_linkquality");
    assertThat(config.ingestion().republishInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(config.schema().componentConfigDomain().get("climate").ignoreAttributes())
        .containsExactly("preset_modes", "hvac_modes");
    assertThat(config.weather().refreshInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(json.read(json.write(config))).isEqualTo(config);
  }

  @Test
  void emptyObjectLeavesEverySectionToTheEnvironment() {
    RuntimeConfig config = json.read("{}");

    assertThat(config).isEqualTo(RuntimeConfig.empty());
    assertThat(json.write(config)).isEqualTo("{\"version\":0}");
  }

  @Test
  void missingFieldsOfAPresentSectionTakeBuiltInDefaults() {
    RuntimeConfig config =
        json.read("{\"enrichment\":{},\"schema\":{},\"weather\":{},\"ingestion\":{}}");

    assertThat(config.enrichment()).isEqualTo(new EnrichmentConfig(1000, 1, 1));
    assertThat(config.schema().measurementAttr()).isEqualTo(MeasurementAttr.UNIT_OF_MEASUREMENT);
    assertThat(config.schema().precision()).isEqualTo(Precision.NS);
    assertThat(config.schema().keepUnavailable()).isFalse();
    assertThat(config.weather().enabled()).isFalse();
    assertThat(config.weather().provider()).isEqualTo(WeatherProvider.OPEN_METEO);
    assertThat(config.weather().refreshInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.ingestion().maxProcessingRate()).isZero();
    assertThat(config.ingestion().republishInterval()).isEqualTo(Duration.ZERO);
  }

  @Test
  void durationsAcceptWholeSecondsOrIso8601() {
    RuntimeConfig seconds = json.read("{\"ingestion\":{\"republish_interval\":3600}}");
    RuntimeConfig iso = json.read("{\"ingestion\":{\"republish_interval\":\"PT1H\"}}");

    assertThat(seconds.ingestion().republishInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(iso.ingestion().republishInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void namesEveryUnknownPropertyWithItsPath() {
    InvalidRuntimeConfigException e =
        invalid(
            "{\"filtre\":{},\"schema\":{\"measurment_attr\":\"entity_id\","
                + "\"component_config\":{\"sensor.x\":{\"override\":\"m\"}}},"
                + "\"weather\":{\"api_key\":{\"nested\":[1]}}}");

    assertThat(e.violations())
        .extracting(ConfigViolation::path)
        .containsExactly(
            "filtre",
            "schema.measurment_attr",
            "schema.component_config[\"sensor.x\"].override",
            "weather.api_key");
    assertThat(e.violations().get(1).message())
        .startsWith("unknown property")
        .contains("measurement_attr");
  }

  @Test
  void rejectsAStringWhereANumberBelongs() {
    assertThat(invalid("{\"enrichment\":{\"batch_size\":\"100\"}}").violations())
        .containsExactly(
            new ConfigViolation("enrichment.batch_size", "wrong type: expected a whole number"));
  }

  @Test
  void rejectsAFractionWhereAWholeNumberBelongs() {
    assertThat(invalid("{\"enrichment\":{\"batch_size\":1.5}}").violations())
        .containsExactly(
            new ConfigViolation("enrichment.batch_size", "wrong type: expected a whole number"));
  }

  @Test
  void acceptsAWholeNumberWhereAFractionBelongs() {
    RuntimeConfig config = json.read("{\"weather\":{\"latitude\":52,\"longitude\":13}}");

    assertThat(config.weather().latitude()).isEqualTo(52.0);
    assertThat(config.weather().longitude()).isEqualTo(13.0);
  }

  @Test
  void rejectsANumberWhereABooleanBelongs() {
    assertThat(invalid("{\"weather\":{\"enabled\":1}}").violations())
        .containsExactly(
            new ConfigViolation("weather.enabled", "wrong type: expected true or false"));
    assertThat(invalid("{\"weather\":{\"enabled\":\"true\"}}").violations())
        .containsExactly(
            new ConfigViolation("weather.enabled", "wrong type: expected true or false"));
  }

  @Test
  void rejectsANumberWhereAStringBelongs() {
    assertThat(invalid("{\"filter\":{\"include\":{\"entities\":[\"light.a\",5]}}}").violations())
        .containsExactly(
            new ConfigViolation("filter.include.entities[1]", "wrong type: expected a string"));
  }

  @Test
  void rejectsAStringWhereAListBelongs() {
    assertThat(invalid("{\"filter\":{\"include\":{\"domains\":\"light\"}}}").violations())
        .containsExactly(
            new ConfigViolation("filter.include.domains", "wrong type: expected a list"));
  }

  @Test
  void rejectsAListWhereAnObjectBelongs() {
    assertThat(invalid("{\"schema\":[]}").violations())
        .containsExactly(new ConfigViolation("schema", "wrong type: expected an object"));
  }

  @Test
  void namesTheAllowedValuesOfAnEnumeration() {
    assertThat(invalid("{\"schema\":{\"measurement_attr\":\"unit\"}}").violations())
        .containsExactly(
            new ConfigViolation(
                "schema.measurement_attr",
                "must be one of: unit_of_measurement, domain__device_class, entity_id"));
    assertThat(invalid("{\"schema\":{\"precision\":1}}").violations())
        .containsExactly(new ConfigViolation("schema.precision", "must be one of: ns, us, ms, s"));
    assertThat(invalid("{\"weather\":{\"provider\":\"\"}}").violations())
        .containsExactly(
            new ConfigViolation(
                "weather.provider", "must be one of: open_meteo, openweathermap, ha_entity"));
  }

  @Test
  void rejectsAnUnparseableDuration() {
    assertThat(invalid("{\"weather\":{\"refresh_interval\":\"15 minutes\"}}").violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("weather.refresh_interval");
              assertThat(v.message()).startsWith("invalid value").contains("ISO-8601 duration");
            });
    assertThat(invalid("{\"weather\":{\"refresh_interval\":1.5}}").violations())
        .extracting(ConfigViolation::path)
        .containsExactly("weather.refresh_interval");
  }

  @Test
  void rejectsAnUnparseableTimestamp() {
    assertThat(invalid("{\"updated_at\":\"yesterday\"}").violations())
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("updated_at"));
  }

  @Test
  void rejectsANumberOutOfRange() {
    assertThat(invalid("{\"enrichment\":{\"batch_size\":99999999999}}").violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("enrichment.batch_size");
              assertThat(v.message()).startsWith("number out of range");
            });
  }

  @Test
  void reportsMalformedJsonWithItsLocation() {
    assertThat(invalid("{\n\"schema\": {,}}").violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(ConfigViolation.DOCUMENT);
              assertThat(v.message()).startsWith("malformed JSON at line 2, column");
            });
  }

  @Test
  void rejectsDuplicateKeysAndTrailingContent() {
    assertThat(invalid("{\"version\":1,\"version\":2}").violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("malformed JSON").contains("version"));
    assertThat(invalid("{} {}").violations())
        .containsExactly(
            new ConfigViolation(
                ConfigViolation.DOCUMENT, "unexpected content after the JSON object"));
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() {
    for (String document : List.of("[]", "5", "\"config\"", "null", "", "   ")) {
      assertThat(invalid(document).violations())
          .as(document)
          .singleElement()
          .satisfies(v -> assertThat(v.path()).isEqualTo(ConfigViolation.DOCUMENT));
    }
  }

  @Test
  void rejectsAnOversizedDocument() {
    String huge = "{\"updated_by\":\"" + "x".repeat(RuntimeConfigJson.MAX_DOCUMENT_CHARS) + "\"}";

    assertThat(invalid(huge).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("larger than"));
  }

  @Test
  void appliesTheValidatorAfterParsing() {
    assertThat(invalid("{\"enrichment\":{\"batch_size\":0}}").violations())
        .containsExactly(
            new ConfigViolation("enrichment.batch_size", "must be between 1 and 10000"));
  }

  @Test
  void exceptionMessageListsTheViolations() {
    InvalidRuntimeConfigException e = invalid("{\"enrichment\":{\"batch_size\":0}}");

    assertThat(e.getMessage())
        .isEqualTo(
            "invalid runtime configuration: enrichment.batch_size: must be between 1 and 10000");
  }

  private InvalidRuntimeConfigException invalid(String document) {
    InvalidRuntimeConfigException e =
        catchThrowableOfType(InvalidRuntimeConfigException.class, () -> json.read(document));
    assertThat(e).as("rejects %s", abbreviate(document)).isNotNull();
    return e;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  static String golden(String name) throws IOException {
    try (InputStream in = RuntimeConfigJsonTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anOmittedOrNullVersionIsZero() {
    assertThat(json.read("{\"version\":null}").version()).isZero();
    assertThat(json.read("{\"schema\":{}}").version()).isZero();
  }
}
