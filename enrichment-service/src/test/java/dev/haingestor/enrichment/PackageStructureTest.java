package dev.haingestor.enrichment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package by feature: features do not form cycles, and the schema knows nothing of transport. */
class PackageStructureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.haingestor.enrichment");

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("dev.haingestor.enrichment.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void pointMappingDependsOnNoOtherFeature() {
    noClasses()
        .that()
        .resideInAPackage("..enrichment.point..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..enrichment.consume..",
            "..enrichment.sink..",
            "..enrichment.deadletter..",
            "..enrichment.status..",
            "org.springframework.data.redis..")
        .check(CLASSES);
  }

  @Test
  void onlyTheConsumerTalksToTheSinkDeadLettersAndStatusTogether() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..enrichment.sink..", "..enrichment.deadletter..", "..enrichment.status..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..enrichment.consume..")
        .check(CLASSES);
  }

  @Test
  void runtimeSettingsKnowNothingOfTransportOrTheConsumer() {
    noClasses()
        .that()
        .resideInAPackage("..enrichment.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..enrichment.consume..",
            "..enrichment.sink..",
            "..enrichment.deadletter..",
            "..enrichment.weather..",
            "..enrichment.entities..",
            "org.springframework.data.redis..")
        .check(CLASSES);
  }

  @Test
  void theWeatherIsReadByTheConsumerNeverTheOtherWayRound() {
    noClasses()
        .that()
        .resideInAPackage("..enrichment.weather..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..enrichment.consume..", "..enrichment.deadletter..")
        .check(CLASSES);
  }
}
