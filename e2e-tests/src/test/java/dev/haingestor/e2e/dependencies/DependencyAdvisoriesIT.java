package dev.haingestor.e2e.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.e2e.dependencies.Advisories.Finding;
import dev.haingestor.e2e.dependencies.Advisory.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CI step for known vulnerabilities: every library inside the runnable jars (what runs in
 * production) against {@code security/advisories.tsv}. Prints every finding; fails on a critical
 * one. See docs/security.md for why the list is curated and how to run a full online scan.
 */
class DependencyAdvisoriesIT {

  private static final List<String> JARS =
      List.of("ingestion.jar", "enrichment.jar", "admin.jar", "ha-simulator.jar");

  @Test
  void noShippedLibraryHasAKnownCriticalVulnerability() {
    Advisories advisories = Advisories.read(AdvisoriesTest.advisoriesFile());
    Map<String, Library> shipped = new TreeMap<>();
    for (String jar : JARS) {
      for (Library library : ShippedLibraries.of(Path.of(System.getProperty(jar)))) {
        shipped.put(library.coordinates(), library);
      }
    }
    List<Finding> findings = advisories.findings(shipped.values());

    StringBuilder report =
        new StringBuilder(
            "[dependency advisories] %d distinct libraries in %d runnable jars checked against %d advisories: %d finding(s)%n"
                .formatted(shipped.size(), JARS.size(), advisories.all().size(), findings.size()));
    for (Finding finding : findings) {
      Advisory advisory = finding.advisory();
      report.append(
          "  %s %s (%.1f) %s — fixed in %s: %s%n"
              .formatted(
                  advisory.severity(),
                  advisory.id(),
                  advisory.cvss(),
                  finding.library().coordinates(),
                  advisory.fixedIn(),
                  advisory.summary()));
    }
    System.out.print(report);

    // The reading itself must work, or an empty list would pass (ShippedLibraries also checks
    // that the SBOM lists every jar in BOOT-INF/lib).
    assertThat(shipped.keySet())
        .anyMatch(coordinates -> coordinates.startsWith("io.netty:netty-codec-http2:"))
        .anyMatch(coordinates -> coordinates.startsWith("org.springframework:spring-web:"))
        .anyMatch(coordinates -> coordinates.startsWith("io.lettuce:lettuce-core:"));
    assertThat(findings)
        .as("critical advisories for shipped libraries")
        .noneMatch(finding -> finding.advisory().severity() == Severity.CRITICAL);
  }
}
