package dev.haingestor.admin;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Package by feature: the features (one package per endpoint family) do not reach into each other;
 * the shared infrastructure (InfluxQL client, cache, security, problem bodies) knows no feature.
 */
@AnalyzeClasses(
    packages = "dev.haingestor.admin",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] INFRASTRUCTURE = {
    "..admin.influx..", "..admin.cache..", "..admin.security..", "..admin.problem.."
  };

  private static final String[] FEATURES = {
    "..admin.health..",
    "..admin.events..",
    "..admin.stats..",
    "..admin.entities..",
    "..admin.history..",
    "..admin.pipeline..",
    "..admin.config..",
    "..admin.deadletters..",
    "..admin.openapi..",
    "..admin.heartbeat.."
  };

  @ArchTest
  static final ArchRule featuresDoNotDependOnEachOther =
      slices()
          .matching("dev.haingestor.admin.(*)..")
          .should()
          .notDependOnEachOther()
          .ignoreDependency(alwaysTrue(), resideInAnyPackage(INFRASTRUCTURE));

  @ArchTest
  static final ArchRule infrastructureKnowsNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(INFRASTRUCTURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FEATURES);

  @ArchTest
  static final ArchRule influxClientKnowsOnlyItself =
      noClasses()
          .that()
          .resideInAPackage("..admin.influx..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..admin.cache..", "..admin.security..", "..admin.problem..");

  @ArchTest
  static final ArchRule problemBodiesKnowNoOtherInfrastructureButInflux =
      noClasses()
          .that()
          .resideInAPackage("..admin.problem..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..admin.cache..", "..admin.security..");
}
