package dev.haingestor.ingestion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package by feature: features do not form cycles, and there are no layer buckets. */
class FeaturePackagesTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.haingestor.ingestion");

  @Test
  void featuresDoNotDependOnEachOtherInCycles() {
    slices().matching("dev.haingestor.ingestion.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void thereAreNoLayerBuckets() {
    noClasses()
        .should()
        .resideInAnyPackage("..util..", "..service..", "..manager..", "..helper..")
        .check(classes);
  }

  @Test
  void theBufferAndTheDeadLettersKnowNothingOfHomeAssistant() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..ingestion.buffer..", "..ingestion.deadletter..", "..ingestion.publish..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..ingestion.ha..")
        .check(classes);
  }
}
