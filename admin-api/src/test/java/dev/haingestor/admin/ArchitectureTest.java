package dev.haingestor.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package by feature: features do not reach into each other; the InfluxQL client knows none. */
@AnalyzeClasses(
    packages = "dev.haingestor.admin",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule influxClientKnowsNoFeature =
      noClasses()
          .that()
          .resideInAPackage("..admin.influx..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..admin.health..", "..admin.events..", "..admin.problem..");

  @ArchTest
  static final ArchRule healthDoesNotUseEventsOrWebErrors =
      noClasses()
          .that()
          .resideInAPackage("..admin.health..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..admin.events..", "..admin.problem..");

  @ArchTest
  static final ArchRule eventsDoNotUseHealth =
      noClasses()
          .that()
          .resideInAPackage("..admin.events..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..admin.health..");

  @ArchTest
  static final ArchRule errorHandlingKnowsNoFeatureButInflux =
      noClasses()
          .that()
          .resideInAPackage("..admin.problem..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..admin.health..", "..admin.events..");
}
