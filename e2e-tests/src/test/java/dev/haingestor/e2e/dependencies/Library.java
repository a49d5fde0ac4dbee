package dev.haingestor.e2e.dependencies;

/**
 * A library inside a runnable jar.
 *
 * @param groupId {@code null} when unknown
 */
record Library(String groupId, String artifactId, String version) {

  String coordinates() {
    return (groupId == null ? "?" : groupId) + ":" + artifactId + ":" + version;
  }
}
