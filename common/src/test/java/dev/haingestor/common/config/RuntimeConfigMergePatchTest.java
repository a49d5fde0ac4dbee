package dev.haingestor.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON merge patch (RFC 7386) on runtime configurations, for admin-api's PATCH. */
class RuntimeConfigMergePatchTest {

  private final RuntimeConfigJson json = new RuntimeConfigJson();
  private final RuntimeConfig current = RuntimeConfigs.full();

  @Test
  void changesOneFieldAndKeepsTheRestOfItsSection() {
    RuntimeConfig patched = json.mergePatch(current, "{\"enrichment\":{\"batch_size\":500}}");

    assertThat(patched.enrichment()).isEqualTo(new EnrichmentConfig(500, 2, 100));
    assertThat(patched.schema()).isEqualTo(current.schema());
    assertThat(patched.filter()).isEqualTo(current.filter());
  }

  @Test
  void nullRemovesASectionSoTheEnvironmentAppliesAgain() {
    RuntimeConfig patched = json.mergePatch(current, "{\"weather\":null}");

    assertThat(patched.weather()).isNull();
    assertThat(patched.ingestion()).isEqualTo(current.ingestion());
  }

  @Test
  void nullRemovesAMapMemberAndOtherMembersMerge() {
    // RFC 7386 Appendix A: {"a":"b"} + {"a":"c"} → {"a":"c"}; + {"b":"c"} → both; + {"a":null} → {}
    RuntimeConfig patched =
        json.mergePatch(
            current,
            "{\"schema\":{\"tags\":{\"instance\":null,\"site\":\"cabin\",\"room\":\"x\"}}}");

    assertThat(patched.schema().tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("site", "cabin", "room", "x"));
  }

  @Test
  void replacesListsWhole() {
    RuntimeConfig patched =
        json.mergePatch(
            current, "{\"filter\":{\"exclude\":{\"entity_globs\":[\"sensor.*_lqi\"]}}}");

    assertThat(patched.filter().exclude().entityGlobs()).containsExactly("sensor.*_lqi");
    assertThat(patched.filter().exclude().entities()).containsExactly("sensor.uptime");
  }

  @Test
  void createsAMissingSectionWithBuiltInDefaults() {
    RuntimeConfig patched =
        json.mergePatch(RuntimeConfig.empty(), "{\"ingestion\":{\"max_processing_rate\":100}}");

    assertThat(patched.ingestion()).isEqualTo(new IngestionConfig(100, false, Duration.ZERO));
    assertThat(patched.filter()).isNull();
  }

  @Test
  void anEmptyPatchChangesNothing() {
    assertThat(json.mergePatch(current, "{}")).isEqualTo(current);
  }

  @Test
  void keepsTheMetadataOfTheCurrentVersion() {
    RuntimeConfig patched = json.mergePatch(current, "{\"schema\":{\"precision\":\"s\"}}");

    assertThat(patched.version()).isEqualTo(current.version());
    assertThat(patched.updatedAt()).isEqualTo(current.updatedAt());
    assertThat(patched.schema().precision()).isEqualTo(Precision.S);
  }

  @Test
  void rejectsAPatchThatIsNotAnObject() {
    for (String patch : List.of("[]", "null", "\"x\"", "", "{")) {
      InvalidRuntimeConfigException e =
          catchThrowableOfType(
              InvalidRuntimeConfigException.class, () -> json.mergePatch(current, patch));
      assertThat(e).as(patch).isNotNull();
      assertThat(e.violations()).extracting(ConfigViolation::path).containsExactly("$");
    }
  }

  @Test
  void rejectsAnUnknownPropertyInThePatchWithItsPath() {
    InvalidRuntimeConfigException e =
        catchThrowableOfType(
            InvalidRuntimeConfigException.class,
            () -> json.mergePatch(current, "{\"enrichment\":{\"batchsize\":5}}"));

    assertThat(e.violations())
        .extracting(ConfigViolation::path)
        .containsExactly("enrichment.batchsize");
  }

  @Test
  void rejectsAPatchWhoseResultIsInvalid() {
    InvalidRuntimeConfigException e =
        catchThrowableOfType(
            InvalidRuntimeConfigException.class,
            () -> json.mergePatch(current, "{\"enrichment\":{\"batch_size\":50}}"));

    assertThat(e.violations())
        .containsExactly(
            new ConfigViolation("enrichment.min_batch_size", "must not exceed batch_size (50)"));
  }
}
