package dev.haingestor.e2e.dependencies;

import java.util.Locale;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

/** One published vulnerability of one library, over a union of Maven version ranges. */
record Advisory(
    String id,
    Severity severity,
    double cvss,
    String groupId,
    String artifactId,
    VersionRange affected,
    String fixedIn,
    String summary) {

  enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    static Severity of(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** One tab-separated line of {@code security/advisories.tsv}. */
  static Advisory parse(String line) {
    String[] columns = line.split("\t");
    if (columns.length != 7) {
      throw new IllegalArgumentException("expected 7 tab-separated columns: " + line);
    }
    String[] coordinates = columns[3].split(":");
    if (coordinates.length != 2) {
      throw new IllegalArgumentException("expected groupId:artifactId in: " + line);
    }
    try {
      return new Advisory(
          columns[0],
          Severity.of(columns[1]),
          Double.parseDouble(columns[2]),
          coordinates[0],
          coordinates[1],
          VersionRange.createFromVersionSpec(columns[4]),
          columns[5],
          columns[6]);
    } catch (InvalidVersionSpecificationException e) {
      throw new IllegalArgumentException("bad version range in: " + line, e);
    }
  }

  /** A library without a known groupId is matched by its artifactId alone: better a false alarm. */
  boolean affects(Library library) {
    return artifactId.equals(library.artifactId())
        && (library.groupId() == null || groupId.equals(library.groupId()))
        && affected.containsVersion(new DefaultArtifactVersion(library.version()));
  }
}
