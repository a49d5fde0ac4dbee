package dev.haingestor.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Module boundaries: services share only {@code common}; the simulator and test-support never reach
 * production code. Checked here because only this module sees every module at once.
 */
@AnalyzeClasses(packages = "dev.haingestor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String COMMON = "dev.haingestor.common..";
  private static final String INGESTION = "dev.haingestor.ingestion..";
  private static final String ENRICHMENT = "dev.haingestor.enrichment..";
  private static final String ADMIN = "dev.haingestor.admin..";
  private static final String SIMULATOR = "dev.haingestor.simulator..";
  private static final String TEST_SUPPORT = "dev.haingestor.testsupport..";

  @ArchTest
  static final ArchRule commonDependsOnNoModule =
      noClasses()
          .that()
          .resideInAPackage(COMMON)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGESTION, ENRICHMENT, ADMIN, SIMULATOR, TEST_SUPPORT);

  @ArchTest
  static final ArchRule ingestionDependsOnNoOtherService =
      noClasses()
          .that()
          .resideInAPackage(INGESTION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ENRICHMENT, ADMIN, SIMULATOR, TEST_SUPPORT);

  @ArchTest
  static final ArchRule enrichmentDependsOnNoOtherService =
      noClasses()
          .that()
          .resideInAPackage(ENRICHMENT)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGESTION, ADMIN, SIMULATOR, TEST_SUPPORT);

  @ArchTest
  static final ArchRule adminDependsOnNoOtherService =
      noClasses()
          .that()
          .resideInAPackage(ADMIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGESTION, ENRICHMENT, SIMULATOR, TEST_SUPPORT);

  @ArchTest
  static final ArchRule simulatorIsIndependentOfTheServices =
      noClasses()
          .that()
          .resideInAPackage(SIMULATOR)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGESTION, ENRICHMENT, ADMIN, TEST_SUPPORT);

  @ArchTest
  static final ArchRule packagesByFeatureNotByLayer =
      noClasses()
          .should()
          .resideInAnyPackage(
              "..util..", "..utils..", "..helper..", "..helpers..", "..manager..", "..service..")
          .because("packages are named after features (STYLE.md)");

  @ArchTest
  static final ArchRule constructorInjectionOnly =
      noFields()
          .should()
          .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
          .because("dependencies are constructor-injected into final fields");
}
