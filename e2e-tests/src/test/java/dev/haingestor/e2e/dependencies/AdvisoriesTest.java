package dev.haingestor.e2e.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.e2e.dependencies.Advisories.Finding;
import dev.haingestor.e2e.dependencies.Advisory.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoriesTest {

  private static final Advisories CURATED = Advisories.read(advisoriesFile());

  @Test
  void everyCuratedLineParsesWithAScoreMatchingItsSeverity() {
    assertThat(CURATED.all()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(CURATED.all())
        .allSatisfy(
            advisory -> {
              assertThat(advisory.id()).matches("(CVE|GHSA)-.+");
              double floor =
                  switch (advisory.severity()) {
                    case CRITICAL -> 9.0;
                    case HIGH -> 7.0;
                    case MEDIUM -> 4.0;
                    case LOW -> 0.1;
                  };
              assertThat(advisory.cvss()).isBetween(floor, 10.0);
            });
  }

  @Test
  void aLibraryInsideAnAffectedRangeIsFoundWithItsSeverity() {
    List<Finding> findings =
        CURATED.findings(List.of(new Library("org.apache.logging.log4j", "log4j-core", "2.14.1")));

    assertThat(findings)
        .extracting(finding -> finding.advisory().id())
        .containsExactlyInAnyOrder("CVE-2021-44228", "CVE-2021-45046");
    assertThat(findings).allMatch(finding -> finding.advisory().severity() == Severity.CRITICAL);
  }

  @Test
  void theFixedVersionAndLaterOnesAreNotFound() {
    assertThat(
            CURATED.findings(
                List.of(
                    new Library("org.apache.logging.log4j", "log4j-core", "2.17.1"),
                    new Library("io.netty", "netty-codec-http2", "4.2.18.Final"),
                    new Library("org.springframework", "spring-web", "7.0.10"))))
        .isEmpty();
  }

  @Test
  void aUnionOfRangesMatchesEachBranchAndNotTheGapBetween() {
    Advisories netty =
        Advisories.of(
            List.of(
                "CVE-2025-55163\thigh\t7.5\tio.netty:netty-codec-http2"
                    + "\t[,4.1.124.Final),[4.2.0.Alpha1,4.2.4.Final)\t4.2.4.Final\treset"));

    assertThat(netty.findings(List.of(library("4.1.100.Final")))).hasSize(1);
    assertThat(netty.findings(List.of(library("4.2.3.Final")))).hasSize(1);
    assertThat(netty.findings(List.of(library("4.1.124.Final")))).isEmpty();
    assertThat(netty.findings(List.of(library("4.2.4.Final")))).isEmpty();
  }

  @Test
  void aLibraryWithoutAGroupIsMatchedByArtifactAloneAndAnotherGroupIsNot() {
    assertThat(CURATED.findings(List.of(new Library(null, "snakeyaml", "1.33")))).hasSize(1);
    assertThat(CURATED.findings(List.of(new Library("com.example", "snakeyaml", "1.33"))))
        .isEmpty();
  }

  @Test
  void aMalformedLineIsRejectedWithTheLine() {
    assertThatThrownBy(() -> Advisories.of(List.of("CVE-1\tcritical\t9.8\tnogroup\t[1,2)\t2\tx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nogroup");
    assertThatThrownBy(() -> Advisories.of(List.of("CVE-1\tcritical\t9.8\ta:b\t[2,1\t2\tx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad version range");
  }

  private static Library library(String version) {
    return new Library("io.netty", "netty-codec-http2", version);
  }

  static Path advisoriesFile() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      Path file = dir.resolve("security/advisories.tsv");
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("security/advisories.tsv not found above the working dir");
  }
}
