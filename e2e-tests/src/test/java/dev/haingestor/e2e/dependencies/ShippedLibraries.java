package dev.haingestor.e2e.dependencies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The libraries a Spring Boot runnable jar carries, with their Maven coordinates: from the
 * CycloneDX SBOM the build puts into the jar ({@code META-INF/sbom/application.cdx.json}), checked
 * against the jar files in {@code BOOT-INF/lib} — what actually runs in production.
 */
final class ShippedLibraries {

  static final String SBOM = "META-INF/sbom/application.cdx.json";
  private static final String LIBRARIES = "BOOT-INF/lib/";

  /** Added by Boot's repackaging (the {@code layertools} jar mode), so not a dependency. */
  private static final Pattern ADDED_BY_BOOT =
      Pattern.compile("(spring-boot-jarmode-[a-z-]+)-(\\d.*)\\.jar");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ShippedLibraries() {}

  /**
   * @throws IllegalStateException when the jar has no SBOM, or a library in the jar is missing from
   *     it (then the SBOM could not be trusted to list what is checked)
   */
  static List<Library> of(Path runnableJar) {
    try (JarFile jar = new JarFile(runnableJar.toFile())) {
      ZipEntry sbom = jar.getEntry(SBOM);
      if (sbom == null) {
        throw new IllegalStateException(runnableJar + " has no " + SBOM);
      }
      List<Library> libraries = new ArrayList<>();
      try (InputStream in = jar.getInputStream(sbom)) {
        for (JsonNode component : JSON.readTree(in).path("components")) {
          libraries.add(
              new Library(
                  component.path("group").asString(),
                  component.path("name").asString(),
                  component.path("version").asString()));
        }
      }
      List<String> unlisted = new ArrayList<>();
      for (String file : libraryFiles(jar)) {
        Matcher addedByBoot = ADDED_BY_BOOT.matcher(file);
        if (addedByBoot.matches()) {
          libraries.add(
              new Library("org.springframework.boot", addedByBoot.group(1), addedByBoot.group(2)));
        } else if (libraries.stream().noneMatch(library -> isFileOf(file, library))) {
          unlisted.add(file);
        }
      }
      if (!unlisted.isEmpty()) {
        throw new IllegalStateException(runnableJar + ": not in its SBOM: " + unlisted);
      }
      return libraries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + runnableJar, e);
    }
  }

  private static List<String> libraryFiles(JarFile jar) {
    return jar.stream()
        .map(ZipEntry::getName)
        .filter(name -> name.startsWith(LIBRARIES) && name.endsWith(".jar"))
        .map(name -> name.substring(LIBRARIES.length()))
        .toList();
  }

  /** {@code artifactId-version.jar}, or with a classifier: {@code artifactId-version-os.jar}. */
  private static boolean isFileOf(String file, Library library) {
    String stem = library.artifactId() + "-" + library.version();
    return file.equals(stem + ".jar") || file.startsWith(stem + "-");
  }
}
